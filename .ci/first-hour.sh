#!/usr/bin/env bash
# The first hour of a new user, tested: builds the small project in .ci/first-hour (one stage,
# one test with the testkit, one jqwik property) outside the source tree, against the Sluice
# artifacts as they would be published, using only what README.md's "Getting Sluice" says.
#
#   .ci/first-hour.sh [REPO]
#
# REPO is a Maven repository directory holding the artifacts, as `mvn deploy
# -DaltDeploymentRepository=id::file://REPO` leaves them (.ci/run makes one); without it this
# script deploys the tree into a temporary one first, without tests.
# The project gets an empty local repository of its own, so no io.sluice artifact can come from
# ~/.m2 (another branch's install, a stale build); ~/.m2 still serves as a read-only file
# repository for everything else, so nothing is downloaded twice.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sluice-first-hour.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "first-hour: FAILED: $*" >&2; exit 1; }

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -1)"
[ -n "$version" ] || fail "no version found in $root/pom.xml"

repo="${1:-}"
if [ -z "$repo" ]; then
  repo="$work/published"
  echo "--- first hour: deploying Sluice $version to $repo (no tests)"
  (cd "$root" && mvn -B -q deploy -DskipTests -Dmaven.install.skip=true \
      -DaltDeploymentRepository="first-hour::file://$repo")
fi
repo="$(cd "$repo" && pwd)"
[ -f "$repo/io/sluice/sluice-bom/$version/maven-metadata.xml" ] \
  || fail "$repo holds no sluice-bom $version"

# The project may use only what the README's "Getting Sluice" section tells a user.
guide="$(awk '/^## Getting Sluice/{on=1; next} /^## /{on=0} on' "$root/README.md")"
[ -n "$guide" ] || fail "README.md has no '## Getting Sluice' section"
grep -qF "<version>$version</version>" <<<"$guide" \
  || fail "README's Getting Sluice does not give the version being built, $version"
template="$root/.ci/first-hour"
uses="$(sed -n '/<dependencyManagement>/,$p' "$template/pom.xml")"   # past its own coordinates
for needed in $(grep -o '<\(artifactId\|include\|scope\|type\)>[^<]*<' <<<"$uses" \
    | sed 's:^<[a-zA-Z]*>\(.*\)<$:\1:' | sort -u) \
    $(grep -o '<version>[0-9][^<]*<' <<<"$uses" | sed 's:<version>\(.*\)<:\1:' | sort -u); do
  grep -qF -- "$needed" <<<"$guide" || fail "the project uses '$needed', which README's Getting Sluice does not mention"
done

project="$work/orders"
cp -r "$template" "$project"
sed -i "s:@SLUICE_VERSION@:$version:" "$project/pom.xml"
cat > "$work/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>first-hour</id>
      <repositories>
        <repository>
          <id>sluice-under-test</id>
          <url>file://$repo</url>
          <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
        </repository>
        <repository>
          <id>m2-cache</id>
          <url>file://$HOME/.m2/repository</url>
          <snapshots><enabled>false</enabled></snapshots>
        </repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository>
          <id>m2-cache</id>
          <url>file://$HOME/.m2/repository</url>
          <snapshots><enabled>false</enabled></snapshots>
        </pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>first-hour</activeProfile></activeProfiles>
</settings>
XML

echo "--- first hour: building a new project against Sluice $version in $project"
log="$work/build.log"
if ! (cd "$project" && mvn -B -s "$work/settings.xml" -Dmaven.repo.local="$work/local-repo" \
    verify) >"$log" 2>&1; then
  cat "$log"
  fail "the new user's project does not build"
fi

# The jqwik property must have run (surefire skips *Properties classes without the includes),
# and so must the tests; none may fail or be skipped.
reports="$project/target/surefire-reports"
for class in app.OrderJobTest app.OrderProperties; do
  xml="$reports/TEST-$class.xml"
  [ -f "$xml" ] || { cat "$log"; fail "$class did not run"; }
  counts="$(grep -o '<testsuite [^>]*>' "$xml")"
  tests="$(sed -n 's:.* tests="\([0-9]*\)".*:\1:p' <<<"$counts")"
  for bad in failures errors skipped; do
    [ "$(sed -n "s:.* $bad=\"\\([0-9]*\\)\".*:\\1:p" <<<"$counts")" = 0 ] \
      || fail "$class: $bad in $counts"
  done
  [ "${tests:-0}" -ge 1 ] || fail "$class ran no test: $counts"
  echo "first-hour: $class ran $tests tests"
done
grep -q "tries = [1-9]" "$log" || fail "jqwik reported no tries"

# What the user sees: a logging binding, no automodule warning, no HdrHistogram to require.
! grep -q "No SLF4J providers" "$log" || fail "SLF4J found no provider"
! grep -q "automodule" "$log" || fail "an automodule warning: $(grep automodule "$log")"
runtime_pom="$(find "$work/local-repo/io/sluice/pipeline-runtime" -name '*.pom' | head -1)"
! grep -q "<artifactId>HdrHistogram</artifactId>" "$runtime_pom" \
  || fail "pipeline-runtime's pom still depends on HdrHistogram (it is shaded into the jar)"
for artifact in pipeline-api pipeline-runtime pipeline-testkit pipeline-connectors pipeline-micrometer; do
  for kind in sources javadoc; do
    ls "$repo/io/sluice/$artifact/$version/"*"-$kind.jar" >/dev/null 2>&1 \
      || fail "$artifact has no $kind jar"
  done
done
echo "first-hour: OK (BOM import, stage, testkit test and jqwik property against Sluice $version)"
