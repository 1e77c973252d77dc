"""beampy's process layer at work, underneath Task (`make demo` shows Task; this file the layer).

Three small scenes:

1. fan-out: slow "I/O" calls run in parallel processes, each monitored; the
   caller collects replies with a selective receive and gives up on the slow one;
2. a hand-rolled supervisor: it traps exits, restarts a worker that crashes,
   and gives up after too many crashes, the way OTP's supervisors do;
3. names and timers: a registered service receives a heartbeat from send_after.
"""

from __future__ import annotations

import sys

import structlog
import trio

import beampy
from beampy import ANY, DownMessage, ExitMessage, ReceiveTimeout

# This file is an application, so it decides where logs go: to stderr, so that
# the crash reports of scene 2 do not mix with the story on stdout.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


# -- scene 1: fan-out with monitors and a deadline ---------------------------


async def fetch(parent: beampy.Pid, url: str, seconds: float) -> None:
    await trio.sleep(seconds)  # stands for a slow network call: the process is hosted
    beampy.send(parent, ("fetched", url, f"{len(url)} bytes"))


async def fan_out() -> None:
    print("scene 1: fan-out")
    me = beampy.self()
    jobs = {"a.example": 0.05, "bb.example": 0.10, "slow.example": 10.0}
    monitors = {}
    for url, seconds in jobs.items():
        pid, ref = beampy.spawn_monitor(fetch, me, url, seconds)
        monitors[url] = (pid, ref)
    results: dict[str, str] = {}
    with trio.move_on_after(0.5):  # a trio deadline around beampy receives works
        while len(results) < len(jobs):
            match await beampy.receive(("fetched", ANY, ANY)):
                case ("fetched", url, body):
                    results[url] = body
                    print(f"  {url}: {body}")
    for url, (pid, ref) in monitors.items():
        if url not in results:
            beampy.exit(pid, "kill")  # give up on it
            down = await beampy.receive(DownMessage(ref, ANY, ANY))
            print(f"  {url}: gave up, its process exited {down.reason!r}")
        beampy.demonitor(ref, flush=True)


# -- scene 2: a supervisor built from links and trap_exit -------------------


async def flaky_worker(generation: int) -> None:
    if generation < 3:
        raise RuntimeError(f"crash #{generation}")
    await beampy.receive("stop")


async def supervise() -> None:
    print("scene 2: supervision")
    beampy.flag("trap_exit", True)
    generation = 0
    worker = beampy.spawn_link(flaky_worker, generation)
    while True:
        try:
            msg = await beampy.receive(ExitMessage(worker, ANY), timeout=0.1)
        except ReceiveTimeout:
            print(f"  worker generation {generation} is stable")
            beampy.send(worker, "stop")
            msg = await beampy.receive(ExitMessage(worker, ANY))
            print(f"  it stopped with {msg.reason!r}")
            return
        print(f"  worker {msg.pid} exited with {msg.reason!r}; restarting")
        generation += 1
        worker = beampy.spawn_link(flaky_worker, generation)


# -- scene 3: names and timers ------------------------------------------------


async def heartbeat_service(count: int) -> None:
    for _ in range(count):
        beat = await beampy.receive(("beat", ANY))
        print(f"  service got {beat}")
        beampy.send_after("heart", ("beat", beat[1] + 1), 0.02)


async def names_and_timers() -> None:
    print("scene 3: names and timers")
    service = beampy.spawn(heartbeat_service, 3)
    beampy.register(service, "heart")
    print(f"  whereis('heart') -> {beampy.whereis('heart')}")
    ref = beampy.monitor("heart")
    beampy.send_after("heart", ("beat", 1), 0.02)
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    print(f"  service exited {down.reason!r}; whereis -> {beampy.whereis('heart')}")


async def main() -> None:
    await fan_out()
    await supervise()
    await names_and_timers()
    print(f"processes still alive besides main: {len(beampy.list()) - 1}")


if __name__ == "__main__":
    beampy.run(main)

# Output:
# scene 1: fan-out
#   a.example: 9 bytes
#   bb.example: 10 bytes
#   slow.example: gave up, its process exited 'killed'
# scene 2: supervision
#   worker <0.5.0> exited with RuntimeError('crash #0'); restarting
#   worker <0.6.0> exited with RuntimeError('crash #1'); restarting
#   worker <0.7.0> exited with RuntimeError('crash #2'); restarting
#   worker generation 3 is stable
#   it stopped with 'normal'
# scene 3: names and timers
#   whereis('heart') -> <0.9.0>
#   service got ('beat', 1)
#   service got ('beat', 2)
#   service got ('beat', 3)
#   service exited 'normal'; whereis -> None
# processes still alive besides main: 0
