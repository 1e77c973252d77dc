# 438 gs_default_callbacks
# Checks: use GenServer's defaults: a call to a server without handle_call/3 crashes
#         it with a RuntimeError naming the server, and the caller exits with that;
#         a cast without handle_cast/2 does the same; an unexpected message is logged
#         by the default handle_info/2 and the server goes on; terminate/2 defaults
#         to doing nothing.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Bare do
  use GenServer
  def init(s), do: {:ok, s}
end

defmodule Scenario do
  def run do
    Logger.configure(level: :none)
    {:ok, a} = GenServer.start(Bare, nil, name: :bare_a)
    T.name(a, :a)

    try do
      GenServer.call(:bare_a, :hello)
    catch
      :exit, reason -> T.p("call", reason)
    end

    {:ok, b} = GenServer.start(Bare, nil, name: :bare_b)
    T.name(b, :b)
    ref = Process.monitor(b)
    GenServer.cast(:bare_b, :hello)
    receive do
      {:DOWN, ^ref, :process, _, r} -> T.p("cast_down", r)
    end

    {:ok, c} = GenServer.start(Bare, nil, name: :bare_c)
    T.name(c, :c)
    send(c, :unexpected)
    Process.sleep(20)
    T.p("alive_after_info", Process.alive?(c))
    T.p("stop", GenServer.stop(c))
  end
end

T.start()
Scenario.run()
T.done()
