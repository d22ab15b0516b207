#!/usr/bin/env bash
# Check the MSI that `make msi` built (issue 19): the tables Windows Installer needs for a
# per-machine install with upgrade and uninstall, the Start-menu shortcut, the fixed
# UpgradeCode, and one File row for every file of the one-folder build (nothing left out).
# Usage: tools/check_msi.sh [dist/expertteam.msi [dist/expertteam]]
set -euo pipefail
msi=${1:-dist/expertteam.msi}
source_dir=${2:-dist/expertteam}
upgrade_code="{84D23BC9-D637-4ADD-B5A0-AC9E22E4AD6C}"
fail() { echo "check_msi: $*" >&2; exit 1; }
export_table() { msiinfo export "$msi" "$1" | tr -d '\r'; }  # rows end in CR LF

[ -f "$msi" ] || fail "$msi is missing: run make msi"
tables=$(msiinfo tables "$msi" | tr -d '\r')
for table in File Component Directory Feature FeatureComponents Media Shortcut Upgrade \
        Property Registry InstallExecuteSequence; do
    grep -qx "$table" <<<"$tables" || fail "table $table is missing"
done

# Name, directory and target of the shortcut (tab-separated; the first 3 lines are headers).
shortcut=$(export_table Shortcut | tail -n +4 | awk -F'\t' \
    '$2 == "ProgramMenuFolder" && $3 == "Expertteam" && $5 ~ /^\[INSTALLDIR\]expertteam(\.exe)?$/')
[ -n "$shortcut" ] || fail "no Start-menu shortcut 'Expertteam' to [INSTALLDIR]expertteam"

properties=$(export_table Property)
grep -qxF "UpgradeCode	$upgrade_code" <<<"$properties" || fail "UpgradeCode is not $upgrade_code"
grep -qxF "ALLUSERS	1" <<<"$properties" || fail "not a per-machine install (ALLUSERS)"
export_table Upgrade | grep -qF "$upgrade_code" || fail "no MajorUpgrade rows"
export_table InstallExecuteSequence | grep -q "^RemoveExistingProducts" \
    || fail "an upgrade would not remove the older version"

built=$(find "$source_dir" \( -type f -o -type l \) | wc -l)
files=$(export_table File | tail -n +4 | wc -l)
# The build's files plus the example policy file.
[ "$files" -eq $((built + 1)) ] || fail "$files files in the MSI, $built in $source_dir plus 1"
echo "check_msi: $msi ok ($files files, $(du -m "$msi" | cut -f1) MB, shortcut and upgrade present)"
