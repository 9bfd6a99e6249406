#!/usr/bin/env bash
# Builds the guest image from Debian packages: kernel, initrd and a qcow2 root disk with
# dockerd, containerd, runc, nerdctl + buildkit + CNI plugins, sshd, Lima's guest agent
# (installed and enabled, so it is up before Lima first asks for it: lima-notes.md §0
# trap 1) and our own lima-init units (no cloud-init:
# under TCG cloud-init is most of the boot, lima-notes.md §0 trap 4). Cached by a hash of
# its recipe (this script, resources/guest/, the binaries it installs), so a rerun with
# nothing changed costs nothing. Needs root (mmdebstrap, mkfs.ext4 -d keeping ownership).
#
# usage: build.sh GUEST_BIN_DIR GUESTAGENT [SUITE]     prints the output directory last
#   GUEST_BIN_DIR holds nerdctl, buildkitd and buildctl (scripts/deps/install.ts puts them there)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bins=$1
agent=$2
suite=${3:-bookworm}
guest=$here/resources/guest
cache=${RD_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rd-build/guest}
key=$( (cat "$0"; echo "$suite"; find "$guest" -type f -print0 | sort -z | xargs -0 cat; cat "$bins/nerdctl" "$bins/buildkitd" "$bins/buildctl" "$agent" | sha256sum) | sha256sum | cut -c1-16)
out=$cache/$suite-$key
if [ -s "$out/disk.qcow2" ] && [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ]; then
  echo "guest image cached"; echo "$out"; exit 0
fi

packages=(systemd systemd-sysv udev dbus libpam-systemd kmod linux-image-amd64 initramfs-tools
  openssh-server sudo iproute2 iptables rsync e2fsprogs procps ca-certificates apparmor
  docker.io containerd runc containernetworking-plugins sshfs fuse3 util-linux mount
  openssl conntrack)
work=$(mktemp -d "${TMPDIR:-/tmp}/guest.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
start=$(date +%s)
mmdebstrap --quiet --variant=apt --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$root"
echo "rootfs: $(( $(date +%s) - start ))s"

install -m 0755 "$guest/lima-init" "$guest/lima-boot" "$root/usr/local/sbin/"
install -m 0755 "$bins/nerdctl" "$bins/buildkitd" "$bins/buildctl" "$root/usr/local/bin/"
install -m 0755 "$agent" "$root/usr/local/bin/lima-guestagent"
install -m 0644 "$guest"/systemd/*.service "$root/etc/systemd/system/"
install -D -m 0644 "$guest/nerdctl.toml" "$root/etc/nerdctl/nerdctl.toml"
install -D -m 0644 "$guest/buildkitd.toml" "$root/etc/buildkit/buildkitd.toml"
install -m 0644 "$guest/systemd/eth0.network" "$root/etc/systemd/network/10-eth.network"
install -D -m 0644 "$guest/docker-socket-group.conf" "$root/etc/systemd/system/docker.socket.d/10-group.conf"
install -D -m 0644 "$guest/sshd-lima.conf" "$root/etc/ssh/sshd_config.d/10-lima.conf"
echo '/dev/vda / ext4 defaults 0 1' > "$root/etc/fstab"
echo lima-rancher-desktop > "$root/etc/hostname"
# Lima's host-side DNS (hostResolver) answers on the SLIRP address.
rm -f "$root/etc/resolv.conf"; echo 'nameserver 192.168.5.3' > "$root/etc/resolv.conf"
systemctl --root="$root" enable systemd-networkd ssh docker containerd lima-init lima-boot lima-guestagent >/dev/null 2>&1
# The engines do not need the guest's network to be configured before they start (dockerd
# makes its own bridge); without that ordering they start while lima-init and networkd run.
for unit in docker containerd; do
  sed -e 's/network-online.target//g; s/network.target//g' "$root/lib/systemd/system/$unit.service" > "$root/etc/systemd/system/$unit.service"
done
# A small initrd: only what mounts the virtio root disk (the full one is ~36 MB to unpack).
sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
printf '%s\n' virtio_pci virtio_blk ext4 > "$root/etc/initramfs-tools/modules"
chroot "$root" update-initramfs -u -k all >/dev/null
# Not needed in a VM that Lima drives, and each costs seconds of boot under TCG.
systemctl --root="$root" mask apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true
# Host keys are made per disk at first boot, not baked into every copy of the image.
rm -f "$root"/etc/ssh/ssh_host_*
mkdir -p "$root/etc/systemd/system/ssh.service.d"
# The drop-in replaces the config check so keys exist before sshd -t looks for them.
printf '[Service]\nExecStartPre=\nExecStartPre=/bin/sh -c "test -s /etc/ssh/ssh_host_ed25519_key || ssh-keygen -q -t ed25519 -N \\"\\" -f /etc/ssh/ssh_host_ed25519_key"\nExecStartPre=/usr/sbin/sshd -t\n' > "$root/etc/systemd/system/ssh.service.d/10-hostkeys.conf"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*

mkdir -p "$out.tmp"
cp "$root"/boot/vmlinuz-* "$out.tmp/vmlinuz"
cp "$root"/boot/initrd.img-* "$out.tmp/initrd.img"
chmod 0644 "$out.tmp/vmlinuz" "$out.tmp/initrd.img"
mkfs.ext4 -q -F -L rdroot -d "$root" "$work/disk.raw" 4G
qemu-img convert -O qcow2 "$work/disk.raw" "$out.tmp/disk.qcow2"
chmod 0644 "$out.tmp/disk.qcow2"
rm -rf "$out"; mv "$out.tmp" "$out"
echo "guest image built in $(( $(date +%s) - start ))s: $(du -sh "$out" | cut -f1)"
echo "$out"
