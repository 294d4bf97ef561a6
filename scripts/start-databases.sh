#!/usr/bin/env bash
# Makes sure the SQL test servers answer on 127.0.0.1: PostgreSQL on 5432 (trust
# auth, user postgres) and MariaDB on 3306 (root, empty password), as these
# machines run them (../shared/ENVIRONMENT.md). Starts them when they are down;
# installs them from apt only when they are missing altogether.
set -uo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
maria_up() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; }
wait_for() {
  for _ in $(seq 1 60); do "$1" && return 0; sleep 1; done
  echo "$2 did not come up on 127.0.0.1" >&2
  return 1
}

if ! pg_up; then
  if ! ls /etc/postgresql >/dev/null 2>&1; then
    echo "installing PostgreSQL from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_for pg_up PostgreSQL || exit 1
fi
if ! maria_up; then
  if [ ! -x /usr/sbin/mariadbd ]; then
    echo "installing MariaDB from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  fi
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for maria_up MariaDB || exit 1
fi
echo "PostgreSQL and MariaDB answer on 127.0.0.1"
