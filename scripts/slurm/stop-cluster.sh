#!/usr/bin/env bash
# Stops the one-node Slurm started by start-cluster.sh: cancels its jobs, stops slurmd, slurmctld and munged
# by their PID files (never by name), and removes its folder. Safe to call twice or after a failed start.
#
#   bash scripts/slurm/stop-cluster.sh [dir]     # default: $KENOBI_SLURM_DIR
set -uo pipefail

dir=${1:-${KENOBI_SLURM_DIR:-}}
[ -n "$dir" ] && [ -d "$dir" ] || exit 0
case "$(basename "$dir")" in kenobi-slurm.*) ;; *) echo "stop-cluster: $dir is not a folder of start-cluster.sh" >&2; exit 1 ;; esac
export SLURM_CONF=$dir/slurm.conf

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# NOTE: job steps (slurmstepd and the task) outlive slurmd, so the jobs are cancelled first.
if alive "$dir/slurmctld.pid"; then
  jobs=$(squeue -h -o '%A' 2>/dev/null | sort -u | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 1 50); do [ -z "$(squeue -h -o '%A' 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi

for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
  if alive "$pidfile"; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
done
rm -rf "$dir"
echo "stop-cluster: stopped and removed $dir" >&2
