import { GUEST_K8S_DIR } from './clusterSpec';

export const IMAGES_DIR = `${ GUEST_K8S_DIR }/images`;

/**
 * Imports the cluster's own images (pause, CoreDNS, local-path…; tarballs made without a
 * registry) into containerd's `k8s.io` namespace, where kubelet's CRI looks: the named ones
 * (`pause` for kubelet), or all. `<name>.tar` sits beside `<name>.ref`, the reference it
 * holds. An image is imported again only when its tarball changed (a stamp named after the
 * content) or containerd lost it (kubelet's image GC, a user's `rmi`); a lock per image
 * keeps kubelet's import and the images job from unpacking the same one twice at once.
 */
export function importImagesScript(): string {
  return `#!/bin/sh
set -eu
cd ${ IMAGES_DIR }
if [ $# -gt 0 ]; then names="$*"; else names=$(ls *.tar 2>/dev/null | sed 's/[.]tar$//'); fi
for name in $names; do
  tar="$name.tar"
  [ -e "$tar" ] || continue
  stamp=".imported-$(readlink -f "$tar" | xargs basename)"
  ref=$(cat "$name.ref" 2>/dev/null || true)
  (
    flock 9
    if [ -e "$stamp" ] && [ -n "$ref" ] && [ -n "$(ctr -n k8s.io images ls -q "name==$ref")" ]; then exit 0; fi
    ctr -n k8s.io images import "$tar" >/dev/null
    touch "$stamp"
    echo "imported $name"
  ) 9>".lock-$name"
done
`;
}

/** A reference as containerd stores it: docker's short names get their registry and library/. */
export function fullImageRef(ref: string): string {
  const slash = ref.indexOf('/');

  if (slash < 0) {
    return `docker.io/library/${ ref }`;
  }
  const first = ref.slice(0, slash);

  return /[.:]/.test(first) || first === 'localhost' ? ref : `docker.io/${ ref }`;
}

/**
 * With moby, the user's images live in dockerd's own store, which kubelet (on containerd's
 * CRI) cannot see. This keeps containerd's `k8s.io` namespace in step with dockerd: at start
 * and after every image event (build, tag, load, pull, import, delete), each tagged docker
 * image whose ID changed is saved and imported, and an image this sync put there whose tag
 * is gone from docker is removed again. Images the user put into k8s.io by other means are
 * never touched.
 */
export function imageSyncScript(): string {
  return `#!/bin/bash
set -u
state=${ GUEST_K8S_DIR }/image-sync
mkdir -p "$state"
# docker's short names, as containerd stores them (docker.io/library/x:tag).
normalize() {
  case "$1" in
    */*) first=\${1%%/*}
      case "$first" in *.*|*:*|localhost) echo "$1" ;; *) echo "docker.io/$1" ;; esac ;;
    *) echo "docker.io/library/$1" ;;
  esac
}
reconcile() {
  docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' 2>/dev/null | grep -v '<none>' > "$state/.want" || return 0
  while read -r ref id; do
    key=$(printf '%s' "$ref" | sha256sum | cut -c1-16)
    [ "$(cat "$state/$key" 2>/dev/null)" = "$ref $id" ] && continue
    if docker save "$ref" | ctr -n k8s.io images import - >/dev/null; then
      echo "$ref $id" > "$state/$key"
      echo "synced $ref ($id) into k8s.io"
    else
      echo "could not sync $ref into k8s.io" >&2
    fi
  done < "$state/.want"
  for stamp in "$state"/*; do
    [ -e "$stamp" ] || continue
    read -r ref id < "$stamp"
    if ! grep -q "^$ref " "$state/.want"; then
      ctr -n k8s.io images rm "$(normalize "$ref")" >/dev/null 2>&1 || true
      rm -f "$stamp"
      echo "removed $ref from k8s.io (gone from docker)"
    fi
  done
}
until docker info >/dev/null 2>&1; do sleep 1; done
reconcile
docker events --filter type=image --format '{{.Action}}' | while read -r _; do
  # A build or pull sends several events at once: let them settle, then reconcile once.
  while read -r -t 1 _; do :; done
  reconcile
done
`;
}
