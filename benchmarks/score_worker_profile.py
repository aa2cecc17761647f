"""One forked worker's share of `moderate score`, in one process: CPU seconds, and where they go.

Usage (build the default model first; MODERATION_CACHE_DIR as for the command):
    .venv/bin/python benchmarks/score_worker_profile.py COMMENTS.csv [--model MODEL] [--rounds 3]
        [--cprofile N | --pyinstrument] [--blocks] [--split] [--forked]

Reads COMMENTS.csv as `moderate score` does, keeps every second part of the forked run's parts (what
one of two workers gets: parts of ceil(n / 8) comments), and times scoring + reasons + JSON lines of
those parts as the worker does (commands.score_command's `lines`). --blocks times each feature block's
transform on the same texts; --cprofile N prints the N costliest functions (cumulative). --split
times scoring (`scores_for_reasons`) and reasons (`explain_at`) apart in each round; --forked first
forks a child, as forked_map does, that scores the share cold (nothing warm yet) and prints its CPU,
its first part's, and its minor page faults.
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("comments")
    parser.add_argument("--model")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--blocks", action="store_true")
    parser.add_argument("--no-gc", action="store_true", help="garbage collection off (to see its share)")
    parser.add_argument("--split", action="store_true", help="scoring and reasons timed apart")
    parser.add_argument("--forked", action="store_true", help="the share scored cold in a forked child first")
    args = parser.parse_args()

    from moderation.classify.commands import PARTS_PER_WORKER, _examples, load_model_for_command
    from moderation.classify.scoring import BATCH, score_examples

    model = load_model_for_command(args.model)
    examples = list(_examples([args.comments], None, ()))
    jobs = 2
    size = min(BATCH, -(-len(examples) // (jobs * PARTS_PER_WORKER)))
    parts = [examples[start : start + size] for start in range(0, len(examples), size)][::jobs]
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def share(chosen: list | None = None) -> int:
        written = 0
        for part in parts if chosen is None else chosen:
            records = score_examples(model, part, explain=True, top=5, thresholds=None, with_text=False)
            written += len("".join(encode(record) + "\n" for record in records))
        return written

    import gc

    if args.forked:
        _forked_cold(parts, share_part=lambda part: share([part]))
    spent_in: dict[str, float] = {}
    if args.split:
        _time_apart(spent_in)
    share()  # warm: regex compiles, first-call caches
    spent_in.clear()

    gc.freeze()  # as forked_map does before forking the workers
    if args.no_gc:
        gc.disable()
    for round_number in range(args.rounds):
        started = time.process_time()
        share()
        spent = time.process_time() - started
        print(f"round {round_number + 1}: {spent:.3f} CPU s for {sum(map(len, parts))} comments")
        if args.split:
            print("  " + ", ".join(f"{name} {seconds:.3f}" for name, seconds in spent_in.items()))
            spent_in.clear()
    if args.blocks:
        texts = [e.text for part in parts for e in part]
        featurizer = next(iter(model.pipelines.values())).named_steps["features"]
        for name, transformer in featurizer.transformer_list:
            started = time.process_time()
            for start in range(0, len(texts), size):
                transformer.transform(texts[start : start + size])
            print(f"  {name:20s} {time.process_time() - started:.3f}")
    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(share)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.cprofile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        share()
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))


def _time_apart(spent_in: dict) -> None:
    """Wrap scoring's two steps so each round says what each cost (CPU s)."""
    from moderation.classify import scoring

    for name, step in (("scoring", "scores_for_reasons"), ("reasons", "explain_at")):
        original = getattr(scoring, step)

        def timed(*arguments, _original=original, _name=name, **keywords):
            started = time.process_time()
            try:
                return _original(*arguments, **keywords)
            finally:
                spent_in[_name] = spent_in.get(_name, 0.0) + time.process_time() - started

        setattr(scoring, step, timed)


def _forked_cold(parts: list, share_part) -> None:
    """One worker's share scored in a child forked before anything was warm, as forked_map forks."""
    import gc
    import os
    import resource

    gc.freeze()
    child = os.fork()
    if child == 0:
        started = time.process_time()
        share_part(parts[0])
        first = time.process_time() - started
        for part in parts[1:]:
            share_part(part)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(
            f"forked child: {usage.ru_utime + usage.ru_stime:.3f} CPU s (first part {first:.3f}), "
            f"{usage.ru_minflt} minor page faults",
            flush=True,
        )
        os._exit(0)
    os.waitpid(child, 0)
    gc.unfreeze()


if __name__ == "__main__":
    main()
