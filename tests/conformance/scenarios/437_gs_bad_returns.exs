# 437 gs_bad_returns
# Checks: a callback that returns something gen_server does not accept ends the
#         server with {:bad_return_value, value}: init -> start returns
#         {:error, {:bad_return_value, v}}; handle_call -> the caller exits with it
#         wrapped in the call; handle_cast and handle_info -> the server's exit reason.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Bad do
  use GenServer
  def init(:bad), do: :oops
  def init(s), do: {:ok, s}
  def handle_call(:bad, _from, _s), do: {:ok, :not_a_reply}
  def handle_cast(:bad, _s), do: :nope
  def handle_info(:bad, _s), do: {:reply, :x, :y}
end

defmodule Scenario do
  def down(pid, fun) do
    ref = Process.monitor(pid)
    fun.()
    receive do
      {:DOWN, ^ref, :process, _, r} -> r
    end
  end

  def run do
    T.p("init", GenServer.start(Bad, :bad))
    {:ok, a} = GenServer.start(Bad, :ok)
    T.name(a, :a)

    try do
      GenServer.call(a, :bad)
    catch
      :exit, reason -> T.p("call", reason)
    end

    {:ok, b} = GenServer.start(Bad, :ok)
    T.name(b, :b)
    T.p("cast", down(b, fn -> GenServer.cast(b, :bad) end))
    {:ok, c} = GenServer.start(Bad, :ok)
    T.name(c, :c)
    T.p("info", down(c, fn -> send(c, :bad) end))
  end
end

T.start()
Scenario.run()
T.done()
