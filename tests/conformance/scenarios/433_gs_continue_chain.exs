# 433 gs_continue_chain
# Checks: handle_continue may return another {:continue, _}: the whole chain runs
#         before any message, even messages that arrived meanwhile; a call may return
#         {:noreply, s, {:continue, _}} and the continuation replies with
#         GenServer.reply/2; {:stop, ...} from handle_continue runs terminate.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Chain do
  use GenServer

  def init(main) do
    send(main, {:started, self()})
    {:ok, {main, [:init]}, {:continue, 1}}
  end

  def handle_continue(n, {main, log}) when is_integer(n) and n < 4 do
    Process.sleep(10)
    {:noreply, {main, [{:step, n} | log]}, {:continue, n + 1}}
  end

  def handle_continue(4, {main, log}), do: {:noreply, {main, [:chain_done | log]}}
  def handle_continue({:answer, from}, {main, log}) do
    GenServer.reply(from, {:answered, length(log)})
    {:noreply, {main, [:answered | log]}}
  end

  def handle_continue(:quit, s), do: {:stop, :finished, s}

  def handle_call(:log, _from, {main, log}), do: {:reply, Enum.reverse(log), {main, log}}
  def handle_call(:later, from, s), do: {:noreply, s, {:continue, {:answer, from}}}
  def handle_cast(:quit, s), do: {:noreply, s, {:continue, :quit}}
  def handle_info(m, {main, log}), do: {:noreply, {main, [{:info, m} | log]}}

  def terminate(reason, {main, _}) do
    T.emit(main, {:terminate, reason})
  end
end

defmodule Scenario do
  def run do
    {:ok, pid} = GenServer.start(Chain, self())
    T.name(pid, :server)
    send(pid, :early)
    T.p("log", GenServer.call(pid, :log))
    T.p("later", GenServer.call(pid, :later))
    T.p("log_after", GenServer.call(pid, :log))
    T.p("down", (fn ->
      ref = Process.monitor(pid)
      GenServer.cast(pid, :quit)
      receive do
        {:DOWN, ^ref, :process, _, r} -> r
      end
    end).())
    T.ev()
  end
end

T.start()
Scenario.run()
T.done()
