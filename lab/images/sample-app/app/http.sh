# http.sh - helpers for the sample app's CGI scripts (sourced).
CONFIG_FILE=${ECLOUD_CONFIG_FILE:-/run/ecloud/config.properties}

# reply STATUS BODY [CONTENT-TYPE]: a complete CGI answer with Content-Length
reply() {
  printf 'Status: %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nCache-Control: no-store\r\n\r\n%s' \
    "$1" "${3:-text/plain; charset=utf-8}" "$(printf '%s' "$2" | wc -c)" "$2"
}

# param NAME: the value of NAME in QUERY_STRING ("" if absent)
param() { printf '%s\n' "${QUERY_STRING:-}" | tr '&' '\n' | sed -n "s/^$1=//p" | head -1; }

# int_param NAME DEFAULT MIN MAX: prints the value bounded to [MIN, MAX] (DEFAULT if absent);
# fails, printing nothing, if it is not a non-negative integer. Use:
#   secs=$(int_param seconds 10 0 600) || { bad_param seconds 0 600; exit 0; }
int_param() {
  v=$(param "$1")
  [ -n "$v" ] || v=$2
  case "$v" in ''|*[!0-9]*) return 1 ;; esac
  v=$(echo "$v" | sed 's/^0*\(.\)/\1/')          # no octal surprises, keep at least one digit
  [ "${#v}" -le 6 ] || v=$4
  [ "$v" -lt "$3" ] && v=$3
  [ "$v" -gt "$4" ] && v=$4
  echo "$v"
}

# bad_param NAME MIN MAX: answer 400 for a parameter that is not an integer
bad_param() { reply '400 Bad Request' "$1 must be an integer $2..$3
"; }
