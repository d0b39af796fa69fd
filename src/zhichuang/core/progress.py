"""A terminal progress bar for long commands."""

import time


class ProgressBar:
    def __init__(self, stream, label: str, width: int = 30):
        self.stream = stream
        self.label = label
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        filled = int(self.width * fraction)
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0.0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {fraction:6.1%} "
            f"{done:,}/{total:,} · {rate:,.0f}/s · {elapsed:,.0f}s",
            ending="",
        )
        self.stream.flush()
        if done >= total:
            self.stream.write("")
