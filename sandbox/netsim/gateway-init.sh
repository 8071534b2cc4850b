#!/bin/sh
# The gateway container's process 1, as root with network capabilities: builds the sandbox's
# network namespace (a veth pair that leads nowhere, default routes for IPv4 and IPv6, REDIRECT
# of every TCP and UDP flow to netsim, NFLOG capture of every new flow before NAT, refusal of
# direct contact with netsim's own sockets), starts the capture as its own unprivileged user,
# then keeps netsim running as another unprivileged user with no capabilities and only the
# root group (to read /proc/net/nf_conntrack). netsim parses hostile bytes; it never runs as
# root. If it dies it is started again (the log says so), so the fake internet outlives it.
set -eu
LOG_DIR=/var/log/netsim   # tmpfs owned by netsim (events.jsonl)
PCAP_DIR=/var/log/pcap    # tmpfs owned by pcap (egress.pcap)
CONF_DIR=/run/netsim      # netsim's copy of its config and CA
NETSIM_UID=990
PCAP_USER=pcap
TARGET_UID=1000
# netsim's listeners (sandbox/netsim/config.ts): the target may reach them only by redirection.
MONITOR_TCP=10080,5353,5354,18443,18465
MONITOR_UDP=5353,5354,10053
# Flows the capture keeps before it stops (each record is at most 512 bytes + 16).
PCAP_PACKETS=100000
# Printed once the rules and the capture are in place (sandbox/docker/pod.ts waits for it).
RULES_READY_LINE='GATEWAY RULES READY'

ip link set lo up
ip link add v0 type veth peer name v1
ip link set v1 up
ip link set v0 up
ip addr add 192.168.64.23/24 dev v0
ip route add default via 192.168.64.1 dev v0 onlink
ip -6 addr add fd6e:ab::23/64 dev v0 nodad
ip -6 route add default via fd6e:ab::1 dev v0 onlink

# netsim's config and the CA key, readable by netsim only.
mkdir -p "$CONF_DIR"
cp /run/airlock/netsim.json /run/airlock/ca.key /run/airlock/ca.pem "$CONF_DIR/"
chown -R "$NETSIM_UID:$NETSIM_UID" "$CONF_DIR"
chmod 0700 "$CONF_DIR"
chmod 0400 "$CONF_DIR/ca.key"

# netsim boots (loading its modules takes about a second) while the rules and the capture are
# set up below. The host waits for both netsim's ready line and RULES_READY_LINE before anything
# runs in the target, so no flow can happen before the redirection and the capture are in place.
export NETSIM_CONFIG="$CONF_DIR/netsim.json"
(
  while :; do
    setpriv --reuid="$NETSIM_UID" --regid="$NETSIM_UID" --groups=0 --inh-caps=-all \
      --bounding-set=-all --no-new-privs -- /usr/local/bin/node /opt/netsim/main.js || true
    sleep 0.2
  done
) &
SUPERVISOR=$!

# The resolvers the pod is configured with (the target shares this resolv.conf).
RESOLVERS=$(sed -n 's/^[[:space:]]*nameserver[[:space:]]\+\([^[:space:]%]*\).*/\1/p' /etc/resolv.conf | head -n 8)

# The rules of one family as one iptables-restore input (one call per family instead of one per
# rule: the rules are in place sooner, and all at once).
rules() {
  T=$1
  if [ "$T" = iptables ]; then LO=127.0.0.0/8; else LO=::1/128; fi
  echo '*mangle'
  echo "-A OUTPUT ! -d $LO -m conntrack --ctstate NEW -j NFLOG --nflog-group 5 --nflog-threshold 1"
  echo 'COMMIT'
  echo '*nat'
  # DNS first: to a configured resolver on 5353, to any other server on 5354, so netsim knows
  # which without a conntrack lookup per query (a DNS flood must not slow it down).
  for R in $RESOLVERS; do
    case "$R" in *:*) [ "$T" = ip6tables ] || continue ;; *) [ "$T" = iptables ] || continue ;; esac
    echo "-A OUTPUT -d $R -p udp --dport 53 -j REDIRECT --to-ports 5353"
    echo "-A OUTPUT -d $R -p tcp --dport 53 -j REDIRECT --to-ports 5353"
  done
  echo "-A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports 5354"
  echo "-A OUTPUT -p tcp --dport 53 -j REDIRECT --to-ports 5354"
  echo "-A OUTPUT -d $LO -j RETURN"
  echo "-A OUTPUT -p tcp -j REDIRECT --to-ports 10080"
  echo "-A OUTPUT -p udp -j REDIRECT --to-ports 10053"
  echo 'COMMIT'
  echo '*filter'
  # Direct contact from the target with the monitor's own sockets (not a redirected flow) goes
  # into the capture, where the host reports it, and is refused: it never reaches netsim, so it
  # cannot feed it forged events or crowd out real ones.
  for P in tcp udp; do
    if [ "$P" = tcp ]; then PORTS=$MONITOR_TCP; else PORTS=$MONITOR_UDP; fi
    M="-o lo -p $P -m owner --uid-owner $TARGET_UID -m conntrack ! --ctstate DNAT -m multiport --dports $PORTS"
    echo "-A OUTPUT $M -j NFLOG --nflog-group 5 --nflog-threshold 1"
    echo "-A OUTPUT $M -j REJECT"
  done
  echo 'COMMIT'
}
rules iptables | iptables-restore --noflush
rules ip6tables | ip6tables-restore --noflush

# The capture: opened as root, then run as the pcap user (-Z), bounded in packets (-c).
tcpdump -i nflog:5 -w "$PCAP_DIR/egress.pcap" -U -s 512 -c "$PCAP_PACKETS" -Z "$PCAP_USER" \
  >"$PCAP_DIR/tcpdump.log" 2>&1 &
# tcpdump opens the capture asynchronously; wait until the file exists before serving.
i=0
while [ ! -s "$PCAP_DIR/egress.pcap" ] && [ "$i" -lt 50 ]; do i=$((i + 1)); sleep 0.1; done

: >/run/gateway-rules-ready # for a probe that cannot read this output (src/k8s)
echo "$RULES_READY_LINE"
wait "$SUPERVISOR"
