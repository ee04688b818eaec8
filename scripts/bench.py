"""`make bench [ARGS="--children 20000 --only inbox"]`: the benchmarks (bench/runner.py) with the
same local Postgres and Redis as `make test` (scripts/devstack.py), started only when
DATABASE_URL / REDIS_URL are not set and stopped again afterwards if this run started them.

The bench uses its own databases on that server (all named `ivh_bench_*`) and its own Redis
database (IVH_BENCH_REDIS_DB, default 2), because it empties its cache to measure cold pages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import devstack  # noqa: E402


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    # `--module bench.soak` (make soak) runs the load and soak test with the same services.
    module = "bench.runner"
    if argv[:1] == ["--module"] and len(argv) > 1:
        module, argv = argv[1], argv[2:]
    devstack.install_signal_handlers()
    services = devstack.Services()
    try:
        env = devstack.child_env(services.start(), "bench.settings")
        env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        env.setdefault("IVH_BENCH_REDIS_DB", "2")
        return devstack.supervise([sys.executable, "-m", module, *argv], env)
    except KeyboardInterrupt:
        devstack.log("Interrupted; stopped what this run had started.")
        return 130
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
