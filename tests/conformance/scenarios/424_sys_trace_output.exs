# 424 sys_trace_output
#
# Rule: with :sys.trace(pid, true) a gen_server prints a *DBG* line for each
#       call it gets and each reply it sends (with the new state), each cast and
#       other message it gets, and the new state after a noreply (a deferred
#       reply prints nothing); system messages are not printed; the server is named by its registered name. The lines go
#       to the server's group leader, captured here (pids shown by label; terms
#       are integers, which Erlang and Python print alike).
#
# Trace:
#   trace :ok
#   dbg *DBG* conf424 got call 7 from main
#   dbg *DBG* conf424 sent 7 to main, new state 7
#   dbg *DBG* conf424 got cast 3
#   dbg *DBG* conf424 new state 10
#   dbg *DBG* conf424 got 5
#   dbg *DBG* conf424 new state 15
#   dbg *DBG* conf424 got call 0 from main
#   dbg *DBG* conf424 new state 15
#   after_off []
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Adder do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(0, from, n), do: (GenServer.reply(from, n); {:noreply, n})
  def handle_call(x, _from, n), do: {:reply, x, n + x}
  def handle_cast(x, n), do: {:noreply, n + x}
  def handle_info(x, n), do: {:noreply, n + x}
end

defmodule Conf424 do
  def lines(sio, pids) do
    {_, out} = StringIO.contents(sio)
    StringIO.flush(sio)

    for line <- String.split(out, "\n", trim: true) do
      Enum.reduce(pids, line, fn {pid, label}, l ->
        String.replace(l, List.to_string(:erlang.pid_to_list(pid)), label)
      end)
    end
  end

  def run do
    main = self()
    {:ok, pid} = GenServer.start_link(Adder, 0, name: :conf424)
    T.name(pid, :server)
    {:ok, sio} = StringIO.open("")
    Process.group_leader(pid, sio)
    T.p("trace", :sys.trace(pid, true, 1000))
    7 = GenServer.call(pid, 7)
    GenServer.cast(pid, 3)
    send(pid, 5)
    15 = GenServer.call(pid, 0)
    _ = :sys.get_state(pid, 1000)
    :ok = :sys.trace(pid, false, 1000)
    pids = [{pid, "server"}, {main, "main"}]
    for l <- lines(sio, pids), do: T.say("dbg " <> l)
    2 = GenServer.call(pid, 2)
    T.p("after_off", lines(sio, pids))
  end
end

T.start()
Conf424.run()
T.done()
