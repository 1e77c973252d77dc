# 057 monitor_self_alias
# Checks: monitoring oneself (by pid or by one's registered name) with an alias option
#         gives a reference that is neither a monitor nor an alias, whatever the alias
#         mode: a message sent to it is dropped and unalias returns false. Monitoring
#         another process with the same options gives a working alias.
# Expected: for each mode, by pid and by name: mailbox [], unalias false; other: [:via]
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def run do
    Process.register(self(), :me)

    for mode <- [:explicit_unalias, :demonitor, :reply_demonitor],
        target <- [self(), :me] do
      ref = :erlang.monitor(:process, target, [{:alias, mode}])
      send(ref, {:via, mode})
      Process.sleep(10)
      T.p("#{mode}_#{if is_atom(target), do: "name", else: "pid"}", {T.drain(), :erlang.unalias(ref)})
    end

    other = spawn(fn -> Process.sleep(:infinity) end)
    ref = :erlang.monitor(:process, other, [{:alias, :explicit_unalias}])
    send(ref, :via)
    Process.sleep(10)
    T.p("other", {T.drain(), :erlang.unalias(ref)})
    Process.exit(other, :kill)

    receive do
      {:DOWN, ^ref, :process, _, reason} -> T.p("other_down", reason)
    end
  end
end

T.start()
Scenario.run()
T.done()
