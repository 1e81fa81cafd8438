#!/usr/bin/env bash
# Every fixture of the national ruleset (plugins/*/*.fixture), one TAP test
# point per fixture, through the sanitizer binary.
cd "$(dirname "$0")/../.."
exec "${FG_BIN:-bin/fundguard}" test rulesets/national
