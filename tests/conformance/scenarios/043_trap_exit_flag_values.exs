# 043 trap_exit_flag_values
#
# Rule: Process.flag(:trap_exit, v) always returns the value the flag had before
#       the call (setting the same value again included), Process.info shows the
#       current value, and once trapping is switched off again an abnormal exit of a
#       linked process kills the process as if it had never trapped.
#
# Trace:
#   set_true false
#   set_true_again true
#   set_false true
#   set_false_again false
#   info {:trap_exit, false}
#   child_down :boom
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf043 do
  def run do
    main = self()

    child =
      spawn(fn ->
        send(main, {:set_true, Process.flag(:trap_exit, true)})
        send(main, {:set_true_again, Process.flag(:trap_exit, true)})
        send(main, {:set_false, Process.flag(:trap_exit, false)})
        send(main, {:set_false_again, Process.flag(:trap_exit, false)})
        send(main, {:info, Process.info(self(), :trap_exit)})
        spawn_link(fn -> exit(:boom) end)
        Process.sleep(:infinity)
      end)

    T.name(child, :child)
    cref = Process.monitor(child)

    for key <- [:set_true, :set_true_again, :set_false, :set_false_again, :info] do
      receive do: ({^key, v} -> T.p(key, v))
    end

    receive do
      {:DOWN, ^cref, :process, _, why} -> T.p("child_down", why)
    after
      1000 -> T.say("child_survived")
    end
  end
end

T.start()
Conf043.run()
T.done()
