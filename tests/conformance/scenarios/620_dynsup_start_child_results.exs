# 620 dynsup_start_child_results
# Rule: DynamicSupervisor.start_child/2 prepends extra_arguments to the start
#       arguments; it returns {:ok, pid}, :ignore (nothing kept), {:error, r} for a
#       child's error, {:error, {exception, stacktrace}} when the start function
#       raises, {:error, reason} when it exits, {:error, other} for any other value.
# Trace: the results, then one child counted
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link(extra, {id, main}), do: GenServer.start_link(__MODULE__, {extra, id, main})

  def init({extra, id, main}) do
    T.emit(main, {:started, extra, id})
    {:ok, {id, main}}
  end
end

defmodule Bad do
  def ignore(_extra), do: :ignore
  def error(_extra), do: {:error, :nope}
  def raises(_extra), do: raise("no start")
  def exits(_extra), do: exit(:no_start)
  def other(_extra), do: :what
end

defmodule Conf620 do
  def run do
    main = self()
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: [:extra])
    {:ok, w} = DynamicSupervisor.start_child(sup, %{id: :w, start: {W, :start_link, [{:w, main}]}})
    T.name(w, :w)
    T.p("ok", {:ok, w})
    T.evs()

    for f <- [:ignore, :error, :raises, :exits, :other] do
      T.p(f, DynamicSupervisor.start_child(sup, %{id: f, start: {Bad, f, []}}))
    end

    T.p("which_children", DynamicSupervisor.which_children(sup))
    T.p("count_children", DynamicSupervisor.count_children(sup))
  end
end

T.start()
Conf620.run()
T.done()
