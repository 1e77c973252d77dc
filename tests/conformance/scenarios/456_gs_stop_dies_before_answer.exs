# 456 gs_stop_dies_before_answer
# Rule: GenServer.stop is proc_lib:stop: it first makes a sys:terminate call (the server
#       answers :ok, then terminates) and then waits for the DOWN. A process that dies
#       before it answered (no behaviour at all, or a server killed while busy) makes the
#       caller exit with {{reason, {:sys, :terminate, [pid, stop_reason, timeout]}},
#       {GenServer, :stop, [server, stop_reason, timeout]}}, even when reason is the stop
#       reason; one that answered and then ends with another reason gives {reason2, ...};
#       a process already gone gives :noproc.
# Trace: plain, plain_same_reason, named, killed_busy, exit_other, noproc, ok
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf456 do
  use GenServer

  def init(arg), do: {:ok, arg}

  def handle_call(:block, _from, s) do
    receive do: (:never -> :ok)
    {:reply, :ok, s}
  end

  def terminate(:other, _s), do: exit(:changed)
  def terminate(_, _), do: :ok

  def caught(label, fun) do
    try do
      T.p(label, fun.())
    catch
      :exit, reason -> T.p(label, reason)
    end
  end

  def dier(reason), do: spawn(fn -> receive do: (:die -> exit(reason)) end)

  def later(pid, msg) do
    spawn(fn ->
      Process.sleep(50)
      send(pid, msg)
    end)
  end

  def run do
    p = T.name(dier(:boom), :plain)
    later(p, :die)
    caught("plain", fn -> GenServer.stop(p) end)

    q = T.name(dier(:normal), :plain2)
    later(q, :die)
    caught("plain_same_reason", fn -> GenServer.stop(q, :normal, 1000) end)

    r = T.name(dier(:boom), :named)
    Process.register(r, :conf456_named)
    later(r, :die)
    caught("named", fn -> GenServer.stop(:conf456_named, :shutdown, 1000) end)

    {:ok, s} = GenServer.start(__MODULE__, nil)
    T.name(s, :busy)
    spawn(fn -> GenServer.call(s, :block, :infinity) end)
    Process.sleep(20)

    spawn(fn ->
      Process.sleep(50)
      Process.exit(s, :kill)
    end)

    caught("killed_busy", fn -> GenServer.stop(s) end)

    {:ok, o} = GenServer.start(__MODULE__, nil)
    T.name(o, :other)
    caught("exit_other", fn -> GenServer.stop(o, :other) end)

    gone = T.name(spawn(fn -> :ok end), :gone)
    Process.sleep(20)
    caught("noproc", fn -> GenServer.stop(gone, :normal, 1000) end)

    {:ok, k} = GenServer.start(__MODULE__, nil)
    T.name(k, :fine)
    caught("ok", fn -> GenServer.stop(k) end)
  end
end

T.start()
Conf456.run()
T.done()
