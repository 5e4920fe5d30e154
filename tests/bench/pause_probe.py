"""Machine-pause probe for tests/bench/ui-stalls: sleeps 5 ms at a time until killed and prints each wake-up that came
more than 40 ms late as `machine-pause end_epoch_ms=... length_ms=...`. Started at real-time priority (chrt), nothing
in this machine's processes can delay it, so a pause it sees is the whole machine not running (the hypervisor, the
kernel), not a process starved by another."""
import sys
import time

last = time.monotonic()
while True:
    time.sleep(0.005)
    now = time.monotonic()
    if now - last > 0.040:
        print(f"machine-pause end_epoch_ms={int(time.time() * 1000)} length_ms={int((now - last) * 1000)}", flush=True)
    last = now
