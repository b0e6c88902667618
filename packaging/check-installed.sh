#!/usr/bin/env bash
# Checks the Windows or macOS installer as a new user meets it (packaging/check-linux.sh does this
# for Linux):
#   packaging/check-installed.sh target/installer/PigzFX-VERSION.msi   (Windows, in Git Bash)
#   packaging/check-installed.sh target/installer/PigzFX-VERSION.dmg   (macOS)
# Installs it silently (msiexec /qn; the .dmg mounted and the app copied out of it), then of the
# installed program:
#   - the command line answers --version, naming libdeflate as its engine;
#   - compress of a real folder (small and large files, a name with spaces and accents, an empty
#     file) removes the originals and leaves .gz files that gzip reads back to the original bytes;
#   - test passes them, and fails a damaged one, naming it;
#   - compress --archive makes one .tar.gz of the folder that tar lists, and decompress --extract
#     gives the folder back, byte for byte;
#   - serve answers the HTTP API: POST /compress of a file gives its .gz;
#   - the window opens (on JavaFX's headless platform), compresses a folder and closes, printing
#     no error;
#   - macOS: the app is signed (ad hoc or with a Developer ID) and its Info.plist claims .gz files.
# Then it uninstalls. Any failure fails the script, and with it the release.
set -euo pipefail

fail() { echo "check-installed: FAILED: $*" >&2; exit 1; }
say() { echo "check-installed: $*"; }

installer=${1:?usage: packaging/check-installed.sh INSTALLER.msi|INSTALLER.dmg}
[[ -e "$installer" ]] || fail "no installer at $installer"
work=$(mktemp -d)
mounted=

case "$installer" in
  *.msi)
    log="$work/install.log"
    msiexec //i "$(cygpath -w "$installer")" //qn //l*v "$(cygpath -w "$log")" \
      || { cat "$log" >&2 || true; fail "msiexec could not install $installer"; }
    home="${PROGRAMFILES:-C:/Program Files}/PigzFX"
    home=$(cygpath -u "$home")
    cli="$home/pigzfx-cli.exe"
    window="$home/PigzFX.exe"
    uninstall() { msiexec //x "$(cygpath -w "$installer")" //qn || say "could not uninstall"; }
    ;;
  *.dmg)
    mounted="$work/mounted"
    hdiutil attach -nobrowse -readonly -mountpoint "$mounted" "$installer" >/dev/null
    cp -R "$mounted/PigzFX.app" "$work/PigzFX.app"
    hdiutil detach "$mounted" >/dev/null && mounted=
    app="$work/PigzFX.app"
    codesign --verify --deep --strict --verbose=2 "$app" || fail "the app's signature does not hold"
    plutil -extract CFBundleDocumentTypes xml1 -o - "$app/Contents/Info.plist" | grep -q '<string>gz</string>' \
      || fail "Info.plist claims no .gz files"
    cli="$app/Contents/MacOS/PigzFX"
    window="$cli"
    uninstall() { rm -rf "$app"; }
    ;;
  *)
    # an application image as jpackage made it (target/installer/image/PigzFX on Linux): the same
    # checks without installing, to try this script where there is neither Windows nor a Mac
    [[ -x "$installer/bin/PigzFX" ]] || fail "not an .msi, a .dmg or an application image: $installer"
    cli="$installer/bin/PigzFX"
    window="$cli"
    uninstall() { :; }
    ;;
esac
cleanup() {
  [[ -n "$mounted" ]] && hdiutil detach "$mounted" >/dev/null 2>&1
  uninstall
  rm -rf "$work"
}
trap cleanup EXIT

[[ -x "$cli" ]] || fail "no command line at $cli"
version=$("$cli" --version)
say "$version"
# the installers carry libdeflate (Windows, macOS) or depend on it (Linux)
grep -q '^Engine: libdeflate' <<<"$version" || fail "the engine is not libdeflate: $version"

# a real folder: the repository's own files, a large one, odd names, an empty one
files="$work/files"
mkdir -p "$files/sub"
cp README.md "$files/readme.md"
cp pom.xml "$files/sub/pom with spaces.xml"
cp LICENSE "$files/sub/naïve.txt"
: > "$files/empty.txt"
for i in $(seq 1 1000); do cat README.md; done > "$files/large.log"
copy="$work/copy"
cp -R "$files" "$copy"

# the settings and preferences of these runs are their own, never the user's
export JAVA_TOOL_OPTIONS="-Dpigzfx.settings.dir=$work/settings -Dpigzfx.prefs.node=dev/pigzfx-check"
JAVA_TOOL_OPTIONS+=" -Djava.util.prefs.userRoot=$work/prefs"
"$cli" compress "$files" || fail "compress of $files failed"
while IFS= read -r original; do
  relative=${original#"$copy"/}
  [[ ! -e "$files/$relative" ]] || fail "the original $relative is still there"
  gzip -dc "$files/$relative.gz" | cmp -s - "$original" || fail "$relative.gz does not give back the original"
done < <(find "$copy" -type f)
say "compress: every file came back from its .gz through gzip"

gzs=()
while IFS= read -r gz; do gzs+=("$gz"); done < <(find "$files" -name '*.gz')
"$cli" test "${gzs[@]}" || fail "test of the .gz files failed"
printf 'not gzip at all' > "$files/damaged.gz"
if out=$("$cli" test "$files/damaged.gz" 2>&1); then fail "a damaged .gz passed the test"; fi
[[ "$out" == *damaged.gz* ]] || fail "the failed test does not name the file: $out"
say "test: good files pass, a damaged one fails and is named"

# one archive of the folder, and back
rm -rf "$files" && cp -R "$copy" "$files"
"$cli" compress --archive -o "$work/files.tar.gz" "$files" || fail "compress --archive failed"
tar -tzf "$work/files.tar.gz" | grep -q 'files/sub/naïve.txt' || fail "tar does not list the archive's files"
mkdir "$work/unpacked"
"$cli" decompress --extract -o "$work/unpacked" "$work/files.tar.gz" || fail "decompress --extract failed"
diff -r "$copy" "$work/unpacked/files" || fail "the folder extracted differs from the original"
say "archive: made, listed by tar, extracted byte for byte"

# the HTTP API: the runtime the installer carries must hold the JDK's HTTP server
"$cli" serve --port 0 --root "$work" > "$work/serve.out" 2>&1 &
serving=$!
for _ in $(seq 100); do grep -q 'API at' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
address=$(sed -n 's/^PigzFX API at \(http[^ ]*\) .*/\1/p' "$work/serve.out")
[[ -n "$address" ]] || { kill "$serving"; cat "$work/serve.out" >&2; fail "serve did not start"; }
cp README.md "$work/api.txt"
answer=$(curl -s -X POST "${address}compress?input_path=$work/api.txt&compression_level=6")
kill "$serving"; wait "$serving" 2>/dev/null || true
[[ "$answer" == *'"status": "success"'* ]] || fail "the API did not compress: $answer"
gzip -dc "$work/api.txt.gz" | cmp -s - README.md || fail "the API's .gz does not give back the file"
say "serve: the HTTP API compressed a file"

# the window: opens the folder, compresses it and closes (the installers' training mode)
rm -rf "$files" && cp -R "$copy" "$files"
JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS -Dpigzfx.training=true -Dglass.platform=Headless -Dprism.order=sw" \
  "$window" "$files" > "$work/window.out" 2>&1 || { cat "$work/window.out" >&2; fail "the window failed"; }
if grep -v '^Picked up JAVA_TOOL_OPTIONS' "$work/window.out" | grep -q .; then
  cat "$work/window.out" >&2
  fail "the window printed something"
fi
[[ -f "$files/large.log.gz" ]] || fail "the window compressed nothing"
say "window: opened, compressed the folder and closed, printing nothing"
say "all checks passed"
