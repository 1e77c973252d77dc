# 623 dynsup_unexpected_cast
# Checks: a cast a DynamicSupervisor does not know is dropped without a word: the
#         supervisor and its children live on and keep working (DynamicSupervisor's
#         handle_cast ignores every cast; a Supervisor, by contrast, has no clause for it).
# Expected: cast :ok, sup_alive true, child_alive true, which_children still lists the
#           child, a second child starts, no DOWN
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def run do
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
    T.name(sup, :sup)
    {:ok, child} = DynamicSupervisor.start_child(sup, {Agent, fn -> 0 end})
    T.name(child, :child)
    ref = Process.monitor(sup)
    T.p("cast", GenServer.cast(sup, {:unknown, :request}))
    T.p("cast_atom", GenServer.cast(sup, :hello))
    Process.sleep(50)
    T.p("sup_alive", Process.alive?(sup))
    T.p("child_alive", Process.alive?(child))
    T.p("which_children", DynamicSupervisor.which_children(sup))
    {:ok, second} = DynamicSupervisor.start_child(sup, {Agent, fn -> 1 end})
    T.name(second, :second)
    T.p("count", DynamicSupervisor.count_children(sup))
    Process.demonitor(ref)
    T.flush()
  end
end

T.start()
Scenario.run()
T.done()
