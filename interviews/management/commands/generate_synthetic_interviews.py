import time

from django.core.management.base import BaseCommand, CommandError

from interviews.synthetic import generate_synthetic_interviews


class Command(BaseCommand):
    help = (
        "Create completed interviews drawn from a known model (latent ability, question "
        "difficulty and discrimination, interviewer bias) for calibration and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interviews", type=int, default=10_000)
        parser.add_argument("--interviewers", type=int, default=20)
        parser.add_argument("--questions", type=int, default=17)
        parser.add_argument("--panel", type=int, default=3)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, interviews, interviewers, questions, panel, seed, **options):
        if interviews < 1:
            raise CommandError("--interviews must be at least 1")
        if not 2 <= panel <= interviewers:
            raise CommandError("--panel must be between 2 and --interviewers")
        if questions < 3:
            raise CommandError("--questions must be at least 3 (two are planted)")
        started = time.perf_counter()
        summary = generate_synthetic_interviews(
            interviews=interviews,
            interviewers=interviewers,
            questions=questions,
            panel=panel,
            seed=seed,
        )
        self.stdout.write(
            f"Created {summary.interviews} interviews with {summary.ratings} ratings on kit "
            f"{summary.kit.slug!r} in {time.perf_counter() - started:.1f} s"
        )
