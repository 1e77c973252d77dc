# 308 agent_timeouts
#
# Rule: a call whose function outlasts the timeout exits the caller with
#       {:timeout, {GenServer, :call, [agent, {:update, fun}, 50]}}, the agent still
#       applies the update, and the late reply never reaches the caller's mailbox; an
#       initial function that outlasts the start timeout gives {:error, :timeout} and
#       leaves nothing running; calls and stop on a dead agent exit with :noproc.
#
# Trace:
#   update_exit {:timeout, {GenServer, :call, [:agent, {:update, :fun}, 50]}}
#   get_after :slow
#   mailbox :empty
#   start_timeout {:error, :timeout}
#   processes_unchanged true
#   stop :ok
#   get_dead {:noproc, {GenServer, :call, [:agent, {:get, :fun}, 5000]}}
#   update_dead {:noproc, {GenServer, :call, [:agent, {:update, :fun}, 1000]}}
#   stop_dead {:noproc, {GenServer, :stop, [:agent, :normal, :infinity]}}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf308 do
  def caught(label, f) do
    try do
      T.p(label <> "_returned", f.())
    catch
      :exit, reason -> T.p(label, reason)
    end
  end

  def run do
    {:ok, agent} = Agent.start_link(fn -> :fast end)
    T.name(agent, :agent)

    caught("update_exit", fn ->
      Agent.update(agent, fn _ -> Process.sleep(200) && :slow end, 50)
    end)

    T.p("get_after", Agent.get(agent, & &1))
    T.flush()

    before = length(Process.list())
    T.p("start_timeout", Agent.start(fn -> Process.sleep(1000) end, timeout: 50))
    T.p("processes_unchanged", length(Process.list()) == before)

    T.p("stop", Agent.stop(agent))
    caught("get_dead", fn -> Agent.get(agent, & &1) end)
    caught("update_dead", fn -> Agent.update(agent, & &1, 1000) end)
    caught("stop_dead", fn -> Agent.stop(agent) end)
  end
end

T.start()
Conf308.run()
T.done()
