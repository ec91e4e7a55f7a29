#!/usr/bin/env bash
# Starts a real one-node Slurm cluster (Debian 12's slurmctld/slurmd/slurm-client 22.05 + munge) as plain
# daemons in one temp folder, for the `kenobi slurm` tests. Facts and traps: ../shared/design/FINDINGS.md,
# "Slurm on one machine". Needs root and the packages (apt-get install slurmctld slurmd slurm-client munge).
#
#   eval "$(bash scripts/slurm/start-cluster.sh)"     # exports SLURM_CONF, KENOBI_SLURM=1, KENOBI_SLURM_DIR
#   ... sbatch / kenobi slurm ...
#   bash scripts/slurm/stop-cluster.sh                 # stops every daemon by its PID file, removes the folder
#
# Prints only the export lines on stdout (progress on stderr). On failure it stops what it started, prints
# the daemons' logs on stderr and exits 1. One cluster per machine: slurmctld and slurmd take ports 6817/6818.
set -euo pipefail

say() { echo "start-cluster: $*" >&2; }
for b in munged mungekey slurmctld slurmd sbatch scontrol; do
  command -v "$b" >/dev/null || { say "$b is not installed (apt-get install -y slurmctld slurmd slurm-client munge)"; exit 1; }
done
[ "$(id -u)" = 0 ] || { say "needs root (slurmd runs as root, slurmctld as user slurm, munged as user munge)"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/kenobi-slurm.XXXXXX")
chmod 755 "$dir"
mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
chown munge:munge "$dir/munge"; chmod 755 "$dir/munge"  # munged: the socket folder must be searchable by all
chown slurm:slurm "$dir/state"
# NOTE: slurmctld runs as user slurm and writes its own log and PID file.
touch "$dir/slurmctld.log" "$dir/slurmctld.pid" "$dir/jobcomp.txt"
chown slurm:slurm "$dir/slurmctld.log" "$dir/slurmctld.pid" "$dir/jobcomp.txt"

fail() {
  say "$1"
  for f in munge/munged.log slurmctld.log slurmd.log; do
    [ -s "$dir/$f" ] && { echo "--- $f" >&2; tail -n 20 "$dir/$f" >&2; }
  done
  KENOBI_SLURM_DIR=$dir bash "$(dirname "$0")/stop-cluster.sh" >&2 || true
  exit 1
}

# --- munge: its own key and socket in the folder (never the machine's /etc/munge or /run/munge).
runuser -u munge -- mungekey --create --keyfile="$dir/munge/munge.key" >&2
runuser -u munge -- munged --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
  || fail "munged did not start"

# --- slurm.conf: the NodeName line from slurmd -C with RealMemory below the machine's.
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
cpus=$(sed -E 's/.* CPUs=([0-9]+).*/\1/' <<<"$node")
mem=$(sed -E 's/.* RealMemory=([0-9]+).*/\1/' <<<"$node")
mem=$(( mem * 9 / 10 ))
node=$(sed -E "s/RealMemory=[0-9]+/RealMemory=$mem/" <<<"$node")
cat >"$dir/slurm.conf" <<EOF
# One-node test cluster written by scripts/slurm/start-cluster.sh (see FINDINGS.md "Slurm on one machine").
ClusterName=kenobi
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
# Traps (FINDINGS.md): no /bin/mail; scheduling rounds 3 s apart; a job depending on a failed array must be
# cancelled, not wait forever; an oversized request must fail at submission, not stay PENDING.
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
EnforcePartLimits=ALL
MinJobAge=300
ReturnToService=2
DefMemPerCPU=$(( mem / cpus ))
$node
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE MaxNodes=1 State=UP
EOF
export SLURM_CONF=$dir/slurm.conf

slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"

# --- Ready when the controller answers and the node is idle (the first scheduling pass comes ~3 s later).
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
ready=0
for i in $(seq 1 150); do
  if scontrol ping 2>/dev/null | grep -q 'is UP' && sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle'; then ready=1; break; fi
  # NOTE: both daemons fork before they bind their ports; one that died (a port in use: another Slurm on
  # this machine) is seen after 5 s, not 30.
  if [ "$i" -ge 25 ]; then
    for d in slurmctld slurmd; do alive "$dir/$d.pid" || fail "$d stopped (another Slurm on this machine? ports 6817/6818)"; done
  fi
  sleep 0.2
done
[ "$ready" = 1 ] || fail "the node did not become idle in 30 s"
say "one-node Slurm up in $dir ($cpus CPUs, $mem MB)"
echo "export SLURM_CONF='$dir/slurm.conf' KENOBI_SLURM_DIR='$dir' KENOBI_SLURM=1"
