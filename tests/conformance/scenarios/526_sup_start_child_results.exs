# 526 sup_start_child_results
# Rule: Supervisor.start_child/2 returns {:ok, pid}; :ignore gives {:ok, :undefined}
#       (the spec is kept unless temporary); a failing start returns
#       {:error, {reason, child}} where child is OTP's #child record, and the spec
#       is not kept; a child whose name is taken returns {:error, {:already_started, pid}}.
# Trace: ok, ignore kept / temp ignore not kept, error shapes, which_children
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link({id, main}), do: GenServer.start_link(__MODULE__, {id, main}, name: id)

  def init({id, main}) do
    T.emit(main, {:started, id})
    {:ok, {id, main}}
  end
end

defmodule Bad do
  def ignore, do: :ignore
  def error, do: {:error, :nope}
  def raises, do: raise("no start")
end

defmodule Conf526 do
  def run do
    main = self()
    {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
    {:ok, w} = Supervisor.start_child(sup, Supervisor.child_spec({W, {:w, main}}, id: :w))
    T.name(w, :w)
    T.p("start_w", {:ok, w})
    T.evs()
    T.p("ignore", Supervisor.start_child(sup, %{id: :ig, start: {Bad, :ignore, []}}))
    T.p("ignore_temp", Supervisor.start_child(sup, %{id: :igt, start: {Bad, :ignore, []}, restart: :temporary}))
    T.p("error", Supervisor.start_child(sup, %{id: :er, start: {Bad, :error, []}}))
    T.p("raises", Supervisor.start_child(sup, %{id: :ra, start: {Bad, :raises, []}}))
    T.p("name_taken", Supervisor.start_child(sup, Supervisor.child_spec({W, {:w, main}}, id: :w2)))
    T.p("which_children", Supervisor.which_children(sup))
    T.p("count_children", Supervisor.count_children(sup))
    T.p("restart_ignored", Supervisor.restart_child(sup, :ig))
    T.p("delete_ignored", Supervisor.delete_child(sup, :ig))
  end
end

T.start()
Conf526.run()
T.done()
