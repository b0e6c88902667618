package dev.pigzfx.batch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What Windows knows of a file and Java does not show: how many names (hard links) it has. NTFS
 * counts them as Unix does, and Java's file API leaves the count out; without it an original with a
 * second name would be removed. Asked through the system's own calls ({@code kernel32}), bound
 * the first time they are needed.
 */
final class WindowsFiles {

    private static final int FILE_READ_ATTRIBUTES = 0x80;
    private static final int SHARE_ALL = 0x1 | 0x2 | 0x4;
    private static final int OPEN_EXISTING = 3;
    /** A link or junction is looked at itself, and a folder can be opened too. */
    private static final int OPEN_THE_NAME_ITSELF = 0x00200000 | 0x02000000;
    /** {@code BY_HANDLE_FILE_INFORMATION}: 52 bytes, {@code nNumberOfLinks} at 40. */
    private static final long INFORMATION_SIZE = 52;
    private static final long NUMBER_OF_LINKS = 40;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option LAST_ERROR = Linker.Option.captureCallState("GetLastError");
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERROR = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));

    private WindowsFiles() {
    }

    /** The calls, bound once. */
    private static final class Calls {
        static final MethodHandle CREATE_FILE;
        static final MethodHandle GET_INFORMATION;
        static final MethodHandle CLOSE;

        static {
            SymbolLookup kernel32 = SymbolLookup.libraryLookup("kernel32", Arena.global());
            CREATE_FILE = LINKER.downcallHandle(kernel32.findOrThrow("CreateFileW"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS),
                    LAST_ERROR);
            GET_INFORMATION = LINKER.downcallHandle(kernel32.findOrThrow("GetFileInformationByHandle"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), LAST_ERROR);
            CLOSE = LINKER.downcallHandle(kernel32.findOrThrow("CloseHandle"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        }
    }

    /** How many names the file at {@code path} has (1 for most files). */
    static int links(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment name = arena.allocateFrom(longName(path), StandardCharsets.UTF_16LE);
            MemorySegment handle = (MemorySegment) Calls.CREATE_FILE.invokeExact(state, name, FILE_READ_ATTRIBUTES,
                    SHARE_ALL, MemorySegment.NULL, OPEN_EXISTING, OPEN_THE_NAME_ITSELF, MemorySegment.NULL);
            if (handle.address() == -1L || handle.address() == 0L) {
                throw failed(path, "cannot open it to count its names", state);
            }
            try {
                MemorySegment information = arena.allocate(INFORMATION_SIZE, 4);
                int ok = (int) Calls.GET_INFORMATION.invokeExact(state, handle, information);
                if (ok == 0) {
                    throw failed(path, "cannot count its names", state);
                }
                return information.get(ValueLayout.JAVA_INT_UNALIGNED, NUMBER_OF_LINKS);
            } finally {
                // a handle that would not close is one the process ends with: nothing to mend here
                int closed = (int) Calls.CLOSE.invokeExact(handle);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(path + ": " + e, e);
        }
    }

    /** The name in the form that is not limited to 260 characters. */
    static String longName(Path path) {
        String name = path.toAbsolutePath().normalize().toString();
        if (name.startsWith("\\\\?\\")) {
            return name;
        }
        return name.startsWith("\\\\") ? "\\\\?\\UNC\\" + name.substring(2) : "\\\\?\\" + name;
    }

    private static IOException failed(Path path, String what, MemorySegment state) {
        int error = (int) ERROR.get(state, 0L);
        return new IOException(path + ": " + what + " (Windows error " + error + ")");
    }
}
