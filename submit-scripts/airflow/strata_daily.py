"""Strata on Airflow: a daily layered build and a weekly drift check, through spark-submit.

Each task is a SparkSubmitOperator running the job jar's entry point, io.strata.jobs.JobsMain,
on the Spark connection ``spark_default`` (YARN on EMR, a standalone master, ...).

Exit codes: JobsMain exits non-zero when anything fails (1 a model or test failed, 2 bad usage or
configuration, 3 invalid project, 4 rejected input data, 5 internal error); spark-submit passes the
driver's exit code on and SparkSubmitOperator fails the task on a non-zero exit.

Retries are safe: builds are idempotent. Tables and views are replaced, incremental models MERGE on
their unique keys and touch only rows that are newer, so re-running a layer after a partial failure
converges to the same tables.

Pre-flight: ``strata freshness`` checks every raw source's newest landing against its thresholds
and exits 1 when one is past error_after; it is retried (a late feed may still arrive) before the
layers build. ``build`` checks the freshness of the sources it reads again, so it never runs on stale
input even when started by hand.

Weekly: ``strata diff MODEL`` recomputes each incremental mart from its sources (writing nothing)
and compares it with the published table; it exits 1 when they drift. Only then does the mart get a
full refresh (``build MODEL+ --full-refresh``, its downstream tables with it): the refresh task
runs when its diff task failed and is skipped when it passed. A diff that fails for another reason
(exit 2 or more) also leads to the refresh, which is always safe. Diff tasks are not retried: a
drift does not go away on a second look.

Settings (environment of the Airflow workers, read at parse time; no Airflow Variables so that
parsing the DAG needs no metadata database):
  STRATA_JAR                    path or URI of strata-jobs-0.1.0-SNAPSHOT.jar
  STRATA_PROFILE                configuration profile (default emr)
  STRATA_DIFF_MODELS            the incremental marts the weekly job checks (default fct_orders)
  STRATA_WEEKLY_ALWAYS_REFRESH  1: the weekly job refreshes everything without a diff, as it
                                used to (default 0)
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = os.environ.get("STRATA_JAR", "s3://my-bucket/strata/strata-jobs-0.1.0-SNAPSHOT.jar")
PROFILE = os.environ.get("STRATA_PROFILE", "emr")
MAIN_CLASS = "io.strata.jobs.JobsMain"
DIFF_MODELS = [
    m.strip() for m in os.environ.get("STRATA_DIFF_MODELS", "fct_orders").split(",") if m.strip()
]
ALWAYS_REFRESH = os.environ.get("STRATA_WEEKLY_ALWAYS_REFRESH", "0") == "1"

# Spark on Java 17 (the same list as submit-scripts/strata and the Maven build).
JAVA17_OPENS = " ".join(
    [
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
        "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "-Djdk.reflect.useDirectMethodHandle=false",
    ]
)

# Sized like conf/emr.conf: 24g x 4 cores per executor, 8g driver.
SPARK_SETTINGS = dict(
    conn_id="spark_default",
    application=JAR,
    java_class=MAIN_CLASS,
    executor_memory="24g",
    executor_cores=4,
    driver_memory="8g",
    conf={
        "spark.driver.extraJavaOptions": JAVA17_OPENS,
        "spark.executor.extraJavaOptions": JAVA17_OPENS,
    },
)

DEFAULT_ARGS = {
    "owner": "data-platform",
    "depends_on_past": False,
    # Safe because builds are idempotent (see the module docstring).
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
}


def strata(task_id, *args, **overrides):
    """A spark-submit of ``JobsMain <args> --profile PROFILE --conf strata.delta.internals=auto``."""
    command = list(args)
    # auto: Delta's internals on a Delta version Strata is tested on, its public API elsewhere.
    command[1:1] = ["--profile", PROFILE, "--conf", "strata.delta.internals=auto"]
    settings = dict(SPARK_SETTINGS, **overrides)
    return SparkSubmitOperator(
        task_id=task_id, name="strata-" + task_id, application_args=command, **settings
    )


with DAG(
    dag_id="strata_daily",
    description="Strata: pre-flight check, then staging, intermediate and marts in order",
    schedule="0 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["strata"],
) as daily:
    # Pre-flight: wait out a late feed (retries), then fail before any model runs.
    preflight = strata("source_freshness", "freshness", retries=6)
    staging = strata("build_staging", "build", "layer:staging")
    intermediate = strata("build_intermediate", "build", "layer:intermediate")
    marts = strata("build_marts", "build", "layer:marts")
    preflight >> staging >> intermediate >> marts

with DAG(
    dag_id="strata_weekly_full_refresh",
    description="Strata: diff each incremental mart, full refresh only where it drifts",
    schedule="0 5 * * 0",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["strata"],
) as weekly:
    weekly_preflight = strata("source_freshness", "freshness", retries=6)
    if ALWAYS_REFRESH:
        weekly_preflight >> strata("build_full_refresh", "build", "--full-refresh")
    else:
        for model in DIFF_MODELS:
            # Exit 1 (drift) fails the diff task; the refresh runs only then ("all_failed").
            diff = strata("diff_" + model, "diff", model, retries=0)
            refresh = strata(
                "full_refresh_" + model,
                "build",
                model + "+",
                "--full-refresh",
                trigger_rule="all_failed",
            )
            weekly_preflight >> diff >> refresh
