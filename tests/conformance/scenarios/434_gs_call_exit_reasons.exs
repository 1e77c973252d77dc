# 434 gs_call_exit_reasons
# Checks: a call exits with the reason the server ended with while the call was
#         pending: :normal and {:shutdown, _} from a {:stop, reason, state} with no
#         reply, :killed when it is killed while the request waits in its mailbox;
#         the caller's mailbox is left empty (no DOWN, no late reply).
Code.require_file("../support/trace.exs", __DIR__)

defmodule Ender do
  use GenServer
  def init(main), do: {:ok, main}
  def handle_call({:stop_with, reason}, _from, s), do: {:stop, reason, s}

  def handle_call(:slow, _from, main) do
    T.emit(main, :slow_started)
    receive do
      :never -> :ok
    end
  end
end

defmodule Scenario do
  def caught(label, fun) do
    try do
      T.p(label <> "_returned", fun.())
    catch
      :exit, reason -> T.p(label, reason)
    end
  end

  def run do
    main = self()
    {:ok, a} = GenServer.start(Ender, main)
    T.name(a, :a)
    caught("normal", fn -> GenServer.call(a, {:stop_with, :normal}) end)
    {:ok, b} = GenServer.start(Ender, main)
    T.name(b, :b)
    caught("shutdown", fn -> GenServer.call(b, {:stop_with, {:shutdown, :bye}}) end)
    {:ok, c} = GenServer.start(Ender, main)
    T.name(c, :c)
    spawn(fn -> GenServer.call(c, :slow, :infinity) end)
    receive do: ({:ev, :slow_started} -> :ok)
    spawn(fn -> Process.sleep(30); Process.exit(c, :kill) end)
    caught("killed", fn -> GenServer.call(c, :queued_behind) end)
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Scenario.run()
T.done()
