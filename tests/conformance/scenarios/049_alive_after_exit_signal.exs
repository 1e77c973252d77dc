# 049 alive_after_exit_signal
#
# Rule: signals a process sent are handled by the target before a later
#       Process.alive?/1 or Process.info/2 call of the same process looks at it:
#       right after Process.exit(pid, :kill) or an exit with a custom reason to a
#       non-trapping process, alive? is already false; after :normal (ignored) or to
#       a trapping process it is true; a message just sent is already counted in
#       :message_queue_len.
#
# Trace:
#   killed_alive false
#   custom_alive false
#   normal_alive true
#   trapper_alive true
#   queue_len {:message_queue_len, 1}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf049 do
  def sleeper, do: spawn(fn -> Process.sleep(:infinity) end)

  def run do
    main = self()
    p = sleeper()
    Process.exit(p, :kill)
    T.p("killed_alive", Process.alive?(p))

    q = sleeper()
    Process.exit(q, :custom)
    T.p("custom_alive", Process.alive?(q))

    r = sleeper()
    Process.exit(r, :normal)
    T.p("normal_alive", Process.alive?(r))
    Process.exit(r, :kill)

    t =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        send(main, :ready)
        Process.sleep(:infinity)
      end)

    receive do: (:ready -> :ok)
    Process.exit(t, :custom)
    T.p("trapper_alive", Process.alive?(t))
    Process.exit(t, :kill)

    s = spawn(fn -> receive do: (:never -> :ok) end)
    send(s, :hello)
    T.p("queue_len", Process.info(s, :message_queue_len))
    Process.exit(s, :kill)
  end
end

T.start()
Conf049.run()
T.done()
