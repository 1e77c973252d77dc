# 524 sup_start_failure_middle
# Rule: children start in order; when one fails to start, the ones already started
#       are terminated (reverse order, :shutdown), the rest are never started, and
#       start_link returns {:error, {:shutdown, {:failed_to_start_child, id, reason}}}
#       (the trapping caller also gets the supervisor's EXIT with that reason). The
#       reason is the child's {:error, r}, a crash of the start function caught as
#       {:EXIT, ...}, or any other return value; :ignore is no failure (pid :undefined).
# Trace: per case: started a, (b), terminated ..., result, EXIT
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link({id, main}), do: GenServer.start_link(__MODULE__, {id, main})

  def init({id, main}) do
    Process.flag(:trap_exit, true)
    T.emit(main, {:started, id})
    {:ok, {id, main}}
  end

  def terminate(reason, {id, main}), do: T.emit(main, {:terminated, id, reason})
end

defmodule Bad do
  def stop_init(main), do: GenServer.start_link(Bad.Server, main)
  def raises(_main), do: raise("no start")
  def exits(_main), do: exit(:no_start)
  def other(_main), do: :what
  def ignore(_main), do: :ignore
end

defmodule Bad.Server do
  use GenServer
  def init(_main), do: {:stop, :bad_init}
end

defmodule Conf524 do
  def spec(id, main), do: Supervisor.child_spec({W, {id, main}}, id: id)
  def bad(f, main), do: %{id: :b, start: {Bad, f, [main]}}

  def run do
    main = self()
    Process.flag(:trap_exit, true)

    for f <- [:stop_init, :raises, :exits, :other] do
      T.p("case", f)
      result = Supervisor.start_link([spec(:a, main), bad(f, main), spec(:c, main)], strategy: :one_for_one)
      T.p("result", result)
      T.evs()

      for m <- T.drain() do
        case m do
          {:EXIT, _, reason} -> T.p("exit", reason)
          other -> T.p("other", other)
        end
      end
    end

    T.say("case ignore")
    {:ok, sup} = Supervisor.start_link([spec(:a, main), bad(:ignore, main), spec(:c, main)], strategy: :one_for_one)
    T.evs()
    T.p("which_children", for({id, p, _, _} <- Supervisor.which_children(sup), do: {id, is_pid(p) || p}))
    T.p("count_children", Supervisor.count_children(sup))
  end
end

T.start()
Conf524.run()
T.done()
