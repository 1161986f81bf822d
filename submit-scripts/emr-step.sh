#!/usr/bin/env bash
# emr-step.sh: adds a `strata build --profile emr` step to a running EMR cluster.
#
# The step (emr-step.json beside this script) runs command-runner.jar with
#   spark-submit --deploy-mode cluster --class io.strata.jobs.JobsMain <jar> build --profile emr
# sized like conf/emr.conf (driver 8g, executors 24g x 4 cores) and with the Java 17 --add-opens
# flags for the driver and executors. This script puts STRATA_JAR_S3 in place of the jar
# placeholder, appends any arguments (selectors such as layer:marts, --full-refresh) after
# `--profile emr`, and calls `aws emr add-steps`.
#
# Retrying a failed step is safe: builds are idempotent (tables are replaced, incremental models
# MERGE on their keys).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROG=emr-step.sh
TEMPLATE="$HERE/emr-step.json"
PLACEHOLDER="s3://STRATA_JAR_S3/strata-jobs-0.1.0-SNAPSHOT.jar"

usage() {
  cat <<USAGE
Usage: CLUSTER_ID=j-XXXXXXXX STRATA_JAR_S3=s3://bucket/path/strata-jobs-0.1.0-SNAPSHOT.jar \\
         $PROG [BUILD ARGS...]
       $PROG -h | --help

Adds the step in emr-step.json (strata build --profile emr [BUILD ARGS]) to cluster CLUSTER_ID.
BUILD ARGS are appended to the build command, e.g. layer:marts or --full-refresh.

Environment:
  CLUSTER_ID      EMR cluster id (required)
  STRATA_JAR_S3   s3:// URI of the job jar, uploaded beforehand (required)
  AWS_PROFILE, AWS_REGION ...   read by the aws CLI as usual
  STRATA_DRY_RUN=1              print the step and the aws command instead of running it
USAGE
}

die() {
  echo "$PROG: $*" >&2
  exit 1
}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  usage
  exit 0
fi

[[ -n "${CLUSTER_ID:-}" ]] || die "CLUSTER_ID is not set: the id of the EMR cluster (j-...), see 'aws emr list-clusters --active'."
[[ -n "${STRATA_JAR_S3:-}" ]] || die "STRATA_JAR_S3 is not set: the s3:// URI of strata-jobs-0.1.0-SNAPSHOT.jar (upload it with 'aws s3 cp jobs/target/strata-jobs-0.1.0-SNAPSHOT.jar s3://...')."
[[ "$STRATA_JAR_S3" =~ ^s3://[A-Za-z0-9._/-]+\.jar$ ]] ||
  die "STRATA_JAR_S3 must be an s3://.../NAME.jar URI (letters, digits, . _ - /), got '$STRATA_JAR_S3'."
[[ -f "$TEMPLATE" ]] || die "step definition $TEMPLATE is missing."
grep -qF "\"$PLACEHOLDER\"" "$TEMPLATE" || die "$TEMPLATE has no jar placeholder $PLACEHOLDER."

extra=""
for arg in "$@"; do
  [[ "$arg" =~ ^[A-Za-z0-9:_.+=,/@-]+$ ]] || die "unsupported characters in build argument '$arg'."
  extra+=", \"$arg\""
done

STEPS=$(mktemp "${TMPDIR:-/tmp}/strata-emr-step.XXXXXX.json")
trap 'rm -f "$STEPS"' EXIT
sed -e "s|\"$PLACEHOLDER\"|\"$STRATA_JAR_S3\"|" -e "s|^\( *\)\"emr\"\$|\1\"emr\"$extra|" \
  "$TEMPLATE" >"$STEPS"
grep -q "\"emr\"$extra\$" "$STEPS" || die "could not append the build arguments to the step."

if [[ "${STRATA_DRY_RUN:-}" == 1 ]]; then
  cat "$STEPS"
  echo "would run: aws emr add-steps --cluster-id $CLUSTER_ID --steps file://<the JSON above>"
  exit 0
fi
command -v aws >/dev/null || die "the aws CLI is not on PATH (https://aws.amazon.com/cli/)."
aws emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEPS"
