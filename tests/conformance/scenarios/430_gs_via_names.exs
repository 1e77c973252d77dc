# 430 gs_via_names
# Checks: a server started under {:via, mod, key} is registered through mod's
#         register_name/2; calls, casts, whereis and stop reach it through
#         whereis_name/1; a second start under the same key returns
#         {:error, {:already_started, pid}}; once it stopped, a call through the via
#         name exits with {:noproc, {GenServer, :call, [via, request, 5000]}}.
Code.require_file("../support/trace.exs", __DIR__)

defmodule ViaReg do
  # a via registry backed by the local registry: key k is the registered name :"via_k"
  def register_name(key, pid) do
    Process.register(pid, :"via_#{key}")
    :yes
  rescue
    ArgumentError -> :no
  end

  def unregister_name(key), do: Process.unregister(:"via_#{key}")
  def whereis_name(key), do: Process.whereis(:"via_#{key}") || :undefined

  def send(key, msg) do
    case whereis_name(key) do
      :undefined -> exit({:badarg, {key, msg}})
      pid -> Kernel.send(pid, msg)
    end
  end
end

defmodule Kv do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:get, _from, s), do: {:reply, s, s}
  def handle_cast({:put, x}, _s), do: {:noreply, x}
end

defmodule Scenario do
  def run do
    via = {:via, ViaReg, :k}
    {:ok, pid} = GenServer.start_link(Kv, :empty, name: via)
    T.name(pid, :server)
    T.p("whereis", GenServer.whereis(via))
    T.p("registered_as", Process.whereis(:via_k))
    T.p("call", GenServer.call(via, :get))
    T.p("cast", GenServer.cast(via, {:put, :full}))
    T.p("call_after_cast", GenServer.call(via, :get))
    T.p("second_start", GenServer.start(Kv, :other, name: via))
    T.p("stop", GenServer.stop(via))
    T.p("whereis_after", GenServer.whereis(via))

    try do
      GenServer.call(via, :get)
    catch
      :exit, reason -> T.p("call_after_stop", reason)
    end
  end
end

T.start()
Scenario.run()
T.done()
