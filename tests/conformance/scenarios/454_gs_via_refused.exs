# 454 gs_via_refused
# Rule: a via registry whose register_name/2 answers :no for a key nobody holds (its
#       whereis_name/1 answers :undefined) makes GenServer.start return
#       {:error, {:already_started, :undefined}}, and no process is left (init never ran).
# Trace: start {:error, {:already_started, nil}} (nil is how the trace prints
#        :undefined's Python twin, None: see the port), init_ran false, same_count true
Code.require_file("../support/trace.exs", __DIR__)

defmodule Refuses do
  def register_name(_key, _pid), do: :no
  def unregister_name(_key), do: :ok
  def whereis_name(_key), do: :undefined
  def send(key, msg), do: exit({:badarg, {key, msg}})
end

defmodule Srv454 do
  use GenServer

  def init(parent) do
    send(parent, :init_ran)
    {:ok, parent}
  end
end

defmodule Conf454 do
  def run do
    before = length(Process.list())
    {:error, {:already_started, holder}} = GenServer.start(Srv454, self(), name: {:via, Refuses, :k})
    T.p("start", {:error, {:already_started, if(holder == :undefined, do: nil, else: holder)}})

    receive do
      :init_ran -> T.p("init_ran", true)
    after
      100 -> T.p("init_ran", false)
    end

    T.p("same_count", length(Process.list()) == before)
  end
end

T.start()
Conf454.run()
T.done()
