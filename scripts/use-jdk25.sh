# Sourced by the scripts: points JAVA_HOME at a JDK 25 or newer when the current one is older.
java_major() {  # prints the major version of the java at $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1 | cut -d. -f1
}
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" || "$(java_major "${JAVA_HOME}/bin/java")" -lt 25 ]]; then
  for jdk in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [[ -x "$jdk/bin/java" && "$(java_major "$jdk/bin/java")" -ge 25 ]]; then
      export JAVA_HOME="$jdk"
    fi
  done
fi
export JAVA_HOME
