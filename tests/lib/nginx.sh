# Serve a folder with a real nginx on 127.0.0.1, as the current user, for end-to-end tests.
# Source this file, then:
#   nginx_start ROOT [EXTRA_SERVER_CONF]   sets NGINX_PORT; stops by itself when the shell exits
#   nginx_stop
# Everything (config, pid, logs, temp files) lives in a temporary folder.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

nginx_stop() {
  if [[ -n "${NGINX_DIR:-}" && -f "$NGINX_DIR/nginx.pid" ]]; then
    local pid
    pid=$(cat "$NGINX_DIR/nginx.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [[ -n "${NGINX_DIR:-}" ]] && rm -rf "$NGINX_DIR"
  NGINX_DIR=""
}

nginx_start() {
  local root=$1 extra=${2:-}
  local nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  [[ -x "$nginx_bin" ]] || { echo "nginx not installed (apt-get install nginx)" >&2; return 1; }
  NGINX_DIR=$(mktemp -d)
  NGINX_PORT=$(free_port)
  local user_line=""
  # As root the workers would drop to "nobody", who may not read a test's temporary files.
  [[ $(id -u) -eq 0 ]] && user_line="user root root;"
  local mime=/etc/nginx/mime.types
  cat >"$NGINX_DIR/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 256; }
http {
  $( [[ -f $mime ]] && echo "include $mime;" )
  default_type application/octet-stream;
  access_log $NGINX_DIR/access.log;
  client_body_temp_path $NGINX_DIR/client_body;
  proxy_temp_path $NGINX_DIR/proxy;
  fastcgi_temp_path $NGINX_DIR/fastcgi;
  uwsgi_temp_path $NGINX_DIR/uwsgi;
  scgi_temp_path $NGINX_DIR/scgi;
  charset utf-8;
  charset_types text/css text/plain text/csv application/javascript application/json;
  types { text/csv csv; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    server_name _;
    root $root;
    index index.html;
    $( [[ -n "$extra" ]] && cat "$extra" )
  }
}
CONF
  "$nginx_bin" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" || {
    cat "$NGINX_DIR/error.log" >&2
    return 1
  }
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nginx did not start on port $NGINX_PORT" >&2
  cat "$NGINX_DIR/error.log" >&2
  return 1
}
