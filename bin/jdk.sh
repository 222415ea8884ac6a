# Sourced by Tasker's scripts: exports JAVA_HOME pointing at a JDK 21 or later.
# Keeps JAVA_HOME when it already is 21+, else looks in the usual JVM directories.
tasker_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
tasker_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(tasker_java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$candidate/bin/javac" ] && [ "$(tasker_java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Tasker needs a JDK 21 or later: install one (e.g. Temurin 21) or set JAVA_HOME to it." >&2
  return 1
}
tasker_select_jdk || exit 1
