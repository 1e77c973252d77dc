# 017 exit2_kill_untrappable
#
# Rule: Process.exit(pid, :kill) cannot be trapped: a trapping target dies anyway
#       (it never sees a message), and the reason its monitors see is :killed.
#
# Trace:
#   down :killed
#   got_message false
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf017 do
  def run do
    main = self()

    victim =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        send(main, :ready)
        receive do: (m -> send(main, {:got, m}))
      end)

    T.name(victim, :trapper)
    receive do: (:ready -> :ok)
    mref = Process.monitor(victim)
    Process.exit(victim, :kill)

    receive do
      {:DOWN, ^mref, :process, _, why} -> T.p("down", why)
    end

    got_message =
      receive do
        {:got, _} -> true
      after
        50 -> false
      end

    T.p("got_message", got_message)
  end
end

T.start()
Conf017.run()
T.done()
