#!/bin/sh
# Runs as the gateway container's command: builds the sandbox's network namespace (a veth pair
# that leads nowhere, default routes for IPv4 and IPv6, REDIRECT of every TCP and UDP flow to
# netsim, NFLOG capture of every new flow before NAT), then becomes netsim.
set -eu
LOG_DIR=/var/log/netsim
mkdir -p "$LOG_DIR"

ip link set lo up
ip link add v0 type veth peer name v1
ip link set v1 up
ip link set v0 up
ip addr add 192.168.64.23/24 dev v0
ip route add default via 192.168.64.1 dev v0 onlink
ip -6 addr add fd6e:ab::23/64 dev v0 nodad
ip -6 route add default via fd6e:ab::1 dev v0 onlink

for T in iptables ip6tables; do
  if [ "$T" = iptables ]; then LO=127.0.0.0/8; else LO=::1/128; fi
  "$T" -t mangle -A OUTPUT ! -d "$LO" -m conntrack --ctstate NEW -j NFLOG --nflog-group 5 --nflog-threshold 1
  # DNS first, whatever resolver the target's resolv.conf names (even a loopback one).
  "$T" -t nat -A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports 5353
  "$T" -t nat -A OUTPUT -p tcp --dport 53 -j REDIRECT --to-ports 5353
  "$T" -t nat -A OUTPUT -d "$LO" -j RETURN
  "$T" -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 10080
  "$T" -t nat -A OUTPUT -p udp -j REDIRECT --to-ports 10053
done

tcpdump -i nflog:5 -w "$LOG_DIR/egress.pcap" -U -s 1024 -Z root >"$LOG_DIR/tcpdump.log" 2>&1 &
# tcpdump opens the capture asynchronously; wait until the file exists before serving.
i=0
while [ ! -s "$LOG_DIR/egress.pcap" ] && [ "$i" -lt 50 ]; do i=$((i + 1)); sleep 0.1; done

exec node /opt/netsim/main.js
