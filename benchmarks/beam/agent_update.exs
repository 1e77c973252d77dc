# agent_update: N Agent.update then N Agent.get on a counter agent, as beampy's agent_update.py:
# a client process times N Agent.update(agent, &(&1 + 1)), then N Agent.get(agent, & &1), each
# get returning N; two metrics, per operation.
Code.require_file("common.exs", __DIR__)

defmodule AgentUpdate do
  alias Bench.Common

  def updates(0, _agent), do: :ok

  def updates(n, agent) do
    Agent.update(agent, &(&1 + 1))
    updates(n - 1, agent)
  end

  def gets(0, _agent, _want, right), do: right

  def gets(n, agent, want, right) do
    case Agent.get(agent, & &1) do
      ^want -> gets(n - 1, agent, want, right + 1)
      _ -> gets(n - 1, agent, want, right)
    end
  end

  def client(agent, n, driver) do
    t0 = Common.now()
    updates(n, agent)
    t1 = Common.now()
    right = gets(n, agent, n, 0)
    t2 = Common.now()
    send(driver, {:done, t1 - t0, t2 - t1, right})
  end

  def run(%{impl: impl, n: n}) do
    {:ok, agent} = Agent.start_link(fn -> 0 end)
    Common.check(Agent.get(agent, & &1) == 0, "the agent did not start at 0")
    spawn(__MODULE__, :client, [agent, n, self()])

    receive do
      {:done, update_ns, get_ns, right} ->
        Common.emit("agent_update", impl, "update", n, update_ns / 1.0e9)
        Common.emit("agent_update", impl, "get", n, get_ns / 1.0e9)
        Common.check(right == n, "#{right} of #{n} gets returned #{n}")
    end
  end
end

AgentUpdate.run(Bench.Common.args())
