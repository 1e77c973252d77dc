# 307 agent_named
#
# Rule: an agent started under a name is reached by that name and by {name, node};
#       a second start under the taken name returns {:error, {:already_started, pid}}
#       and leaves nothing running; once the agent has stopped, the name is free
#       again, and a call to it exits with :noproc naming what was called.
#
# Trace:
#   start {:ok, :agent}
#   whereis :agent
#   get_by_name 1
#   get_by_name_node 1
#   second_start {:error, {:already_started, :agent}}
#   processes_unchanged true
#   stop :ok
#   whereis_after nil
#   get_after_stop {:noproc, {GenServer, :call, [:counter, {:get, :fun}, 5000]}}
#   restart_ok true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf307 do
  def run do
    {:ok, agent} = result = Agent.start_link(fn -> 1 end, name: :counter)
    T.name(agent, :agent)
    T.p("start", result)
    T.p("whereis", Process.whereis(:counter))
    T.p("get_by_name", Agent.get(:counter, & &1))
    T.p("get_by_name_node", Agent.get({:counter, node()}, & &1))
    before = length(Process.list())
    T.p("second_start", Agent.start_link(fn -> 2 end, name: :counter))
    Process.sleep(50)
    T.p("processes_unchanged", length(Process.list()) == before)
    T.p("stop", Agent.stop(:counter))
    T.p("whereis_after", Process.whereis(:counter))

    try do
      Agent.get(:counter, & &1)
    catch
      :exit, reason -> T.p("get_after_stop", reason)
    end

    {:ok, again} = Agent.start(fn -> 3 end, name: :counter)
    T.p("restart_ok", Agent.get(:counter, & &1) == 3 and again != agent)
  end
end

T.start()
Conf307.run()
T.done()
