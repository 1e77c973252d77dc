# 060 cancel_timer_options_info_list
#
# Rule: Process.cancel_timer/2 with info: false returns :ok; with async: true it returns
#       :ok and, with info (the default), sends the caller {:cancel_timer, ref, result},
#       where result is the time that was left or false (a timer already cancelled, a
#       reference that is no timer); async: true with info: false sends nothing.
#       Process.info/2 with a list of items returns a keyword list in that order, and
#       nil for a process that is not alive.
#
# Trace:
#   info_false :ok
#   async :ok
#   told_left true
#   async_again :ok
#   told_again {:cancel_timer, :told, false}
#   async_quiet :ok
#   async_plain :ok
#   told_plain {:cancel_timer, :plain, false}
#   nothing_else :none
#   info_list [{:trap_exit, true}, {:priority, :normal}, {:links, []}]
#   info_list_dead nil
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf060 do
  def run do
    quiet = Process.send_after(self(), :a, 2000)
    T.p("info_false", Process.cancel_timer(quiet, info: false))

    told = T.name(Process.send_after(self(), :b, 2000), :told)
    T.p("async", Process.cancel_timer(told, async: true))

    receive do
      {:cancel_timer, ^told, left} -> T.p("told_left", is_integer(left) and left > 0 and left <= 2000)
    after
      1000 -> T.say("no_reply")
    end

    T.p("async_again", Process.cancel_timer(told, async: true))

    receive do
      {:cancel_timer, ^told, _} = m -> T.p("told_again", m)
    after
      1000 -> T.say("no_reply")
    end

    silent = Process.send_after(self(), :c, 2000)
    T.p("async_quiet", Process.cancel_timer(silent, async: true, info: false))

    plain = T.name(make_ref(), :plain)
    T.p("async_plain", Process.cancel_timer(plain, async: true))

    receive do
      {:cancel_timer, ^plain, _} = m -> T.p("told_plain", m)
    after
      1000 -> T.say("no_reply")
    end

    receive do
      m -> T.p("unexpected", m)
    after
      100 -> T.p("nothing_else", :none)
    end

    parent = self()

    child =
      spawn(fn ->
        Process.flag(:trap_exit, true)
        send(parent, :ready)
        receive do: (:stop -> :ok)
      end)

    receive do: (:ready -> :ok)
    T.p("info_list", Process.info(child, [:trap_exit, :priority, :links]))
    send(child, :stop)
    dead = spawn(fn -> :ok end)
    ref = Process.monitor(dead)
    receive do: ({:DOWN, ^ref, _, _, _} -> :ok)
    T.p("info_list_dead", Process.info(dead, [:links]))
  end
end

T.start()
Conf060.run()
T.done()
