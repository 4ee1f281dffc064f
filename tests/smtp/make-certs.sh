#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the certificates the SMTP test servers present, with openssl.
#
#   tests/smtp/make-certs.sh OUTDIR
#
# Contract (tests rely on these names; see tests/smtp/README.md):
#   ca.pem, ca-key.pem                 the test CA the tests trust
#   server.pem, server-key.pem         "localhost" + IP 127.0.0.1, signed by the CA
#   wrong-name.pem, wrong-name-key.pem other.example.test only, signed by the CA
#   expired.pem, expired-key.pem       localhost + 127.0.0.1, signed by the CA,
#                                      valid only in January 2020
#   self-signed.pem, self-signed-key.pem
#                                      localhost + 127.0.0.1, signed by itself
#   unknown-root.pem, unknown-root-key.pem
#                                      localhost + 127.0.0.1, signed by a second CA
#                                      nobody trusts; the file holds the leaf and
#                                      then that CA (a full chain, unknown root)
#   other-ca.pem, other-ca-key.pem     that second CA
#   renewed.pem, renewed-key.pem       localhost + 127.0.0.1, signed by the CA: a
#                                      renewal of "server" (same issuer, same
#                                      names, another key and fingerprint)
#   second-ca.pem, second-ca-key.pem   a third CA, which the certificate watch
#                                      tests do trust (through trusted.pem)
#   other-issuer.pem, other-issuer-key.pem
#                                      localhost + 127.0.0.1, signed by second-ca
#   expiring.pem, expiring-key.pem     localhost + 127.0.0.1, signed by the CA,
#                                      expiring 5 days after it was made (a set
#                                      whose one expires within 4 days is made
#                                      again, so it is always 4 to 5 days)
#   trusted.pem                        ca.pem then second-ca.pem: both trusted
#   fingerprints.json                  {"ca": "<sha256 hex>", "server": …, …}:
#                                      SHA-256 of each certificate's DER, 64
#                                      lowercase hex digits, no separators (the
#                                      form OutboxAccount stores when pinning)
#
# Idempotent: when OUTDIR already holds a complete set whose server
# certificate is valid for another day, nothing is done. Concurrent runs on
# the same OUTDIR are serialised with flock. Keys are EC P-256 (fast to make).
# Exit status 0 on success; openssl's messages go to stderr on failure.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

OPENSSL=${OPENSSL:-openssl}
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

exec 9>"$out/.lock"
flock 9

names="ca server wrong-name expired self-signed unknown-root other-ca renewed second-ca other-issuer expiring"

complete() {
  [ -s "$out/fingerprints.json" ] || return 1
  for n in $names; do
    [ -s "$out/$n.pem" ] && [ -s "$out/$n-key.pem" ] || return 1
  done
  [ -s "$out/trusted.pem" ] || return 1
  "$OPENSSL" x509 -in "$out/server.pem" -noout -checkend 86400 >/dev/null 2>&1 &&
    "$OPENSSL" x509 -in "$out/expiring.pem" -noout -checkend 345600 >/dev/null 2>&1
}

if complete; then
  exit 0
fi

work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat >"$work/openssl.cnf" <<'EOF'
[ req ]
distinguished_name = dn
prompt             = no
[ dn ]
CN = unused

[ ca ]
default_ca = test_ca
[ test_ca ]
database        = $ENV::CA_DB/index.txt
serial          = $ENV::CA_DB/serial
new_certs_dir   = $ENV::CA_DB
default_md      = sha256
policy          = any_name
unique_subject  = no
copy_extensions = none
email_in_dn     = no
[ any_name ]
commonName       = supplied
organizationName = optional

[ v3_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ leaf_localhost ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:localhost, IP:127.0.0.1

[ leaf_other ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:other.example.test

[ self_signed ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
subjectAltName         = DNS:localhost, IP:127.0.0.1
EOF
export OPENSSL_CONF="$work/openssl.cnf"
# Read when the file is loaded, by every command; make_leaf points it at a CA.
export CA_DB="$work"

newkey() {
  "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out "$work/$1-key.pem" 2>/dev/null
}

# A self-signed CA: NAME SUBJECT
make_ca() {
  newkey "$1"
  "$OPENSSL" req -new -x509 -key "$work/$1-key.pem" -subj "$2" -days 3650 \
    -extensions v3_ca -out "$work/$1.pem"
  mkdir -p "$work/db-$1"
  : >"$work/db-$1/index.txt"
  # A random serial, so certificates of two runs never share issuer+serial.
  "$OPENSSL" rand -hex 8 >"$work/db-$1/serial"
}

# A leaf signed by a CA: NAME CA SUBJECT EXTENSIONS [openssl ca date options]
make_leaf() {
  name=$1 ca=$2 subj=$3 ext=$4
  shift 4
  newkey "$name"
  "$OPENSSL" req -new -key "$work/$name-key.pem" -subj "$subj" -out "$work/$name.csr"
  CA_DB="$work/db-$ca" "$OPENSSL" ca -batch -notext -config "$OPENSSL_CONF" \
    -cert "$work/$ca.pem" -keyfile "$work/$ca-key.pem" \
    -extensions "$ext" -in "$work/$name.csr" -out "$work/$name.pem" "$@" 2>"$work/ca.log" || {
      cat "$work/ca.log" >&2
      exit 1
    }
}

make_ca ca "/O=Outbox tests/CN=Outbox Test CA"
make_ca other-ca "/O=Nobody/CN=Untrusted Test Root"

make_leaf server ca "/CN=localhost" leaf_localhost -days 825
make_leaf wrong-name ca "/CN=other.example.test" leaf_other -days 825
# openssl 3.0's "x509 -req" cannot back-date; "ca" takes explicit dates.
make_leaf expired ca "/CN=localhost" leaf_localhost \
  -startdate 20200101000000Z -enddate 20200131000000Z
make_leaf unknown-root other-ca "/CN=localhost" leaf_localhost -days 825
cat "$work/other-ca.pem" >>"$work/unknown-root.pem"

# The certificate watch's cases: a renewal, another (trusted) issuer, and a
# certificate that expires in 5 days. GNU date gives the end date; no
# faked clock is needed.
make_leaf renewed ca "/CN=localhost" leaf_localhost -days 400
make_ca second-ca "/O=Outbox tests/CN=Outbox Second Test CA"
make_leaf other-issuer second-ca "/CN=localhost" leaf_localhost -days 825
make_leaf expiring ca "/CN=localhost" leaf_localhost \
  -enddate "$(date -u -d '+5 days' +%Y%m%d%H%M%SZ)"
cat "$work/ca.pem" "$work/second-ca.pem" >"$work/trusted.pem"

newkey self-signed
"$OPENSSL" req -new -x509 -key "$work/self-signed-key.pem" -subj "/CN=localhost" \
  -days 825 -extensions self_signed -out "$work/self-signed.pem"

# fingerprints.json, written last: its presence marks a complete set.
{
  printf '{'
  sep=''
  for n in $names; do
    fp=$("$OPENSSL" x509 -in "$work/$n.pem" -noout -fingerprint -sha256 |
         sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
    printf '%s\n  "%s": "%s"' "$sep" "$n" "$fp"
    sep=','
  done
  printf '\n}\n'
} >"$work/fingerprints.json"

rm -f "$out/fingerprints.json"
mv -f "$work/trusted.pem" "$out/trusted.pem"
for n in $names; do
  chmod 0600 "$work/$n-key.pem"
  mv -f "$work/$n-key.pem" "$out/$n-key.pem"
  mv -f "$work/$n.pem" "$out/$n.pem"
done
mv -f "$work/fingerprints.json" "$out/fingerprints.json"
