package dev.pigzfx.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * gzip's own short forms, so that PigzFX works where gzip is used in scripts: {@code pigzfx -dc
 * f.gz}, {@code pigzfx -9 -k f}, {@code pigzfx -t f.gz}, and {@code tar -I pigzfx}, which runs the
 * program with no arguments to compress and with {@code -d} to extract. They are turned into the
 * subcommand they mean; with no file named, standard input goes to standard output.
 */
final class GzipForms {

    private GzipForms() {
    }

    /**
     * The subcommand {@code args} mean in gzip's forms, or null when they are not in those forms
     * (a subcommand, or an option gzip does not have, is left to the command line as it is).
     */
    static String[] translate(String[] args) {
        String mode = "compress";
        boolean stdout = false;
        List<String> options = new ArrayList<>();
        List<String> files = new ArrayList<>();
        boolean onlyFiles = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (onlyFiles || arg.equals("-") || !arg.startsWith("-")) {
                files.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                onlyFiles = true;
                continue;
            }
            if (arg.startsWith("--")) {
                switch (arg) {
                    case "--decompress", "--uncompress" -> mode = "decompress";
                    case "--test" -> mode = "test";
                    case "--stdout", "--to-stdout" -> stdout = true;
                    case "--keep" -> options.add("--keep");
                    case "--force" -> options.add("--force");
                    case "--fast" -> options.addAll(List.of("--level", "1"));
                    case "--best" -> options.addAll(List.of("--level", "9"));
                    case "--name" -> options.add("--name");
                    case "--no-name", "--quiet", "--recursive" -> {
                        // PigzFX always stores the name and time, never restores the name unless asked,
                        // says only what went wrong, and always walks folders
                    }
                    case "--verbose" -> options.add("--verbose");
                    case "--processes" -> {
                        if (i + 1 >= args.length) {
                            return null;
                        }
                        options.addAll(List.of("--threads", args[++i]));
                    }
                    default -> {
                        return null;
                    }
                }
                continue;
            }
            for (int c = 1; c < arg.length(); c++) {
                char flag = arg.charAt(c);
                switch (flag) {
                    case 'd' -> mode = "decompress";
                    case 't' -> mode = "test";
                    case 'c' -> stdout = true;
                    case 'k' -> options.add("--keep");
                    case 'f' -> options.add("--force");
                    case 'N' -> options.add("--name");
                    case 'v' -> options.add("--verbose");
                    case 'n', 'q', 'r' -> {
                        // as for their long forms above
                    }
                    case 'p' -> {
                        String count = c + 1 < arg.length() ? arg.substring(c + 1) : i + 1 < args.length ? args[++i] : null;
                        if (count == null) {
                            return null;
                        }
                        options.addAll(List.of("--threads", count));
                        c = arg.length();
                    }
                    default -> {
                        if (flag >= '1' && flag <= '9') {
                            options.addAll(List.of("--level", Character.toString(flag)));
                        } else {
                            return null;
                        }
                    }
                }
            }
        }
        List<String> command = new ArrayList<>();
        command.add(mode);
        // the level means nothing to decompress and test, nor --name to compress: as gzip, they are ignored
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--level") && !mode.equals("compress")) {
                i++;
            } else if (option.equals("--name") && !mode.equals("decompress")) {
                continue;
            } else if ((option.equals("--keep") || option.equals("--force")) && mode.equals("test")) {
                continue;
            } else {
                command.add(option);
            }
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        if ((stdout || files.equals(List.of("-"))) && !mode.equals("test")) {
            command.add("--stdout");
        }
        command.add("--");
        command.addAll(files);
        return command.toArray(String[]::new);
    }
}
