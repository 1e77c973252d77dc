# 453 gs_start_name_taken
# Checks: starting a GenServer, an Agent, a Supervisor or a DynamicSupervisor under a name
#         that is already taken answers {:error, {:already_started, holder}} and spawns
#         nothing: a caller that traps exits finds no {:EXIT, _, _} in its mailbox, and the
#         process count is what it was (gen:start looks the name up before it spawns).
#         The same with a plain start (no link), and once the holder is gone the name works.
# Expected: four {:error, {:already_started, :holder}}, mailbox :empty, same_count true
Code.require_file("../support/trace.exs", __DIR__)

defmodule Holder do
  use GenServer
  def init(arg), do: {:ok, arg}
end

defmodule Scenario do
  def run do
    Process.flag(:trap_exit, true)
    {:ok, holder} = GenServer.start(Holder, :first, name: :taken)
    T.name(holder, :holder)
    before = length(Process.list())
    T.p("genserver", GenServer.start_link(Holder, :second, name: :taken))
    T.p("genserver_nolink", GenServer.start(Holder, :second, name: :taken))
    T.p("agent", Agent.start_link(fn -> :state end, name: :taken))
    T.p("supervisor", Supervisor.start_link([], strategy: :one_for_one, name: :taken))
    T.p("dynamic_supervisor", DynamicSupervisor.start_link(strategy: :one_for_one, name: :taken))
    T.p("same_count", length(Process.list()) == before)
    Process.sleep(50)
    T.flush()
    GenServer.stop(holder)
    {:ok, again} = GenServer.start_link(Holder, :third, name: :taken)
    T.name(again, :again)
    T.p("after_stop", Process.whereis(:taken))
  end
end

T.start()
Scenario.run()
T.done()
