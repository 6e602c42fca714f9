#!/usr/bin/env bash
# Builds a self-contained decruft (the Swift runtime and Foundation linked in:
# it runs on a machine without a Swift toolchain) and installs it under a
# prefix with its man page and bash, zsh and fish completions.
#
#   bash install.sh                      # into /usr/local
#   bash install.sh --prefix ~/.local    # anywhere else
#
# Installs PREFIX/bin/decruft, PREFIX/share/man/man1/decruft.1,
# PREFIX/share/bash-completion/completions/decruft,
# PREFIX/share/zsh/site-functions/_decruft and
# PREFIX/share/fish/vendor_completions.d/decruft.fish. The binary still uses
# the system's libxml2, PCRE2 and zlib (installed by .ci/setup if missing).
set -euo pipefail
cd "$(dirname "$0")"
prefix=/usr/local
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
    esac
done
bash .ci/setup
scratch=.build/static
# The man page, from the command's own help (argument parser's plugin; it
# builds the products in release mode first, so the static build comes after).
swift package --scratch-path "$scratch" plugin generate-manual >&2
page="$(find "$scratch/plugins" -name decruft.1 -print -quit)"
[ -n "$page" ] || { echo "install.sh: the man page was not generated" >&2; exit 1; }
swift build -c release --static-swift-stdlib --product decruft --scratch-path "$scratch"
bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)"

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 755 "$bin/decruft" "$prefix/bin/decruft"
install -m 644 "$page" "$prefix/share/man/man1/decruft.1"
"$prefix/bin/decruft" --generate-completion-script bash > "$prefix/share/bash-completion/completions/decruft"
"$prefix/bin/decruft" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_decruft"
"$prefix/bin/decruft" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/decruft.fish"
echo "installed decruft $("$prefix/bin/decruft" --version) into $prefix"
