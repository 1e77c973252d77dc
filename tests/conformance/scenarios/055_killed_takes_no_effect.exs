# 055 killed_takes_no_effect
#
# Rule: a process ended by an exit signal from another process runs nothing more:
#       killed while blocked in a receive, it never handles the message that comes
#       after the kill; killed while runnable (busy polling with `after 0`), it
#       never answers a request sent after the kill; its `try ... after` clause does
#       not run (for :kill and for any other reason). Each DOWN carries :killed (or
#       the reason given) and no message of the dead process arrives later. A
#       process that crashes by itself does run its `after` clause, before its DOWN.
#
# Trace:
#   blocked_down :killed
#   echo 1
#   poller_down :killed
#   after_kill_down :killed
#   after_custom_down :custom
#   own_crash_down :own
#   mailbox {:cleanup, :own}
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf055 do
  @limit 100_000

  def down(mref) do
    receive do
      {:DOWN, ^mref, :process, _, why} -> why
    after
      1000 -> :no_down
    end
  end

  # echoes {:echo, k} requests, polling with `after 0` in between
  def poll_echo(main, n) do
    receive do
      {:echo, k} ->
        send(main, {:echo, k})
        poll_echo(main, n)
    after
      0 -> if n < @limit, do: poll_echo(main, n + 1), else: send(main, :poller_gave_up)
    end
  end

  def with_after(main, tag) do
    try do
      send(main, :ready)
      receive do: (_ -> :ok)
    after
      send(main, {:cleanup, tag})
    end
  end

  def run do
    main = self()

    # blocked in a receive: killed, then sent the message it waits for
    {blocked, m1} =
      spawn_monitor(fn ->
        send(main, :ready)
        receive do: (:go -> Enum.each(1..100, &send(main, {:tick, &1})))
      end)

    receive do: (:ready -> :ok)
    Process.exit(blocked, :kill)
    send(blocked, :go)
    T.p("blocked_down", down(m1))

    # runnable: a busy poller, killed between two requests
    {poller, m2} = spawn_monitor(fn -> poll_echo(main, 0) end)
    send(poller, {:echo, 1})
    receive do: ({:echo, k} -> T.p("echo", k))
    Process.exit(poller, :kill)
    send(poller, {:echo, 2})
    T.p("poller_down", down(m2))

    # a try/after clause does not run when another process ends this one
    for reason <- [:kill, :custom] do
      {pid, mref} = spawn_monitor(fn -> with_after(main, reason) end)
      receive do: (:ready -> :ok)
      Process.exit(pid, reason)
      T.p("after_#{reason}_down", down(mref))
    end

    # it runs when the process ends by itself
    {_, m3} =
      spawn_monitor(fn ->
        try do
          exit(:own)
        after
          send(main, {:cleanup, :own})
        end
      end)

    T.p("own_crash_down", down(m3))

    Process.sleep(50)
    T.flush()
  end
end

T.start()
Conf055.run()
T.done()
