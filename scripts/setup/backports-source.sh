#!/usr/bin/env bash
# Writes the apt source for <codename>-backports (Mesa 25 lavapipe for WebGPU in Node on Debian 12) from the machine's
# own Debian mirror, so CI and users behind a local or institutional mirror get it the same way.
#
#   bash scripts/setup/backports-source.sh            # writes /etc/apt/sources.list.d/<codename>-backports.list
#   bash scripts/setup/backports-source.sh --print    # prints the line only
#
# The mirror is the URI of the first apt source whose suite is the release codename itself (not -security,
# -updates), read from deb822 files (/etc/apt/sources.list.d/*.sources) and then one-line files
# (/etc/apt/sources.list, /etc/apt/sources.list.d/*.list). Its Signed-By keyring is kept. Exits 1 with a message
# when no such source exists. APT_ETC and OS_RELEASE override /etc/apt and /etc/os-release (for tests).
set -euo pipefail
apt_etc="${APT_ETC:-/etc/apt}"
os_release="${OS_RELEASE:-/etc/os-release}"
codename="${CODENAME:-$(. "$os_release" 2>/dev/null && echo "${VERSION_CODENAME:-}")}"
if [ -z "$codename" ]; then echo "backports-source: no VERSION_CODENAME in $os_release" >&2; exit 1; fi

uri="" signed=""
# deb822 stanzas: blank-line separated; take Types with deb, Suites containing the bare codename.
for f in "$apt_etc"/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  found=$(awk -v want="$codename" '
    function flush() { if (!done && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") && uris != "" && enabled != "no") { split(uris, u, " "); print u[1] "\t" signed; done = 1; exit } types = suites = uris = signed = enabled = "" }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, ""); val = $0
      if (key == "types") types = val; else if (key == "suites") suites = val; else if (key == "uris") uris = val
      else if (key == "signed-by") signed = val; else if (key == "enabled") enabled = tolower(val) }
    END { flush() }' "$f")
  if [ -n "$found" ]; then uri=${found%%$'\t'*}; signed=${found#*$'\t'}; break; fi
done
# one-line sources: deb [options] URI suite components...
if [ -z "$uri" ]; then
  for f in "$apt_etc"/sources.list "$apt_etc"/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    found=$(awk -v want="$codename" '
      /^[ \t]*deb[ \t]/ { opts = ""; i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
        if ($(i + 1) == want) { s = ""; if (match(opts, /signed-by=[^] ]+/)) s = substr(opts, RSTART + 10, RLENGTH - 10); print $i "\t" s; exit } }' "$f")
    if [ -n "$found" ]; then uri=${found%%$'\t'*}; signed=${found#*$'\t'}; break; fi
  done
fi
if [ -z "$uri" ]; then
  echo "backports-source: no apt source for suite '$codename' in $apt_etc (sources.list, sources.list.d/*.sources|*.list); add your mirror's $codename-backports by hand" >&2
  exit 1
fi
line="deb ${signed:+[signed-by=$signed] }$uri $codename-backports main"
if [ "${1:-}" = "--print" ]; then echo "$line"; exit 0; fi
target="$apt_etc/sources.list.d/$codename-backports.list"
echo "$line" > "$target"
echo "backports-source: wrote '$line' to $target" >&2
