#!/usr/bin/env bash
# Makes every icon from the one source, icons/pigzfx.svg: PNGs from 16 to 512 pixels, the Windows
# .ico, the macOS .icns and the window's own icons. Rerun it after changing the SVG and commit what
# it writes. Needs rsvg-convert, ImageMagick and png2icns (Debian: librsvg2-bin imagemagick icnsutils).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons: $tool is missing (Debian: apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 1; }
done

src=icons/pigzfx.svg
png=icons/png
window=src/main/resources/dev/pigzfx/ui/icons
mkdir -p "$png" "$window"

for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" "$src" --output "$png/pigzfx-$size.png"
done

# Windows: one .ico holding the sizes Explorer and the task bar ask for.
convert "$png"/pigzfx-{16,24,32,48,64,128,256}.png icons/pigzfx.ico
# macOS: png2icns takes the sizes the format has a slot for.
png2icns icons/pigzfx.icns "$png"/pigzfx-{16,32,48,128,256,512}.png >/dev/null
# The window: JavaFX picks the size that fits the title bar, the task bar or the switcher.
for size in 16 32 48 64 128 256; do
  cp "$png/pigzfx-$size.png" "$window/pigzfx-$size.png"
done

echo "icons written: $png, icons/pigzfx.ico, icons/pigzfx.icns, $window"
