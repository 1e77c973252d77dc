# beampy conformance: the trace helper (Elixir side), module `T`.
#
# Each scenario loads this file with
#     Code.require_file("../support/trace.exs", __DIR__)
# and calls T.start() first and T.done() last. The Python twin of this module is
# support/trace.py; the two must print byte-identical traces for the same facts.
#
# Output contract
#   * The trace is what T.p/2, T.say/1 and T.done/0 print, nothing else. IO.puts
#     is synchronous (it waits for the group leader), so lines printed by different
#     processes appear in causal order.
#   * T.p(label, term) prints "<label> <shown term>".
#   * Before printing, a term is normalised (normalise/1):
#       pid or reference with a label (T.name/2)  -> that label atom
#       pid without label                         -> :unknown_pid
#       reference without label                   -> :unknown_ref
#       %Task{pid: p}                             -> {:task, <p normalised>} (nil stays nil)
#       any function                              -> :fun
#       a stacktrace ([{m, f, arity|args, loc} | _]) -> :stacktrace
#       tuples, lists, plain map keys/values      -> normalised element by element
#   * Then it is shown (show/1), a fixed format that does not depend on inspect's
#     pretty printer:
#       atom                -> as inspect/1 writes it (:ok, nil, :"a b", GenServer)
#       number              -> inspect/1
#       binary              -> inspect/1 with no printable limit ("abc")
#       tuple               -> {a, b}
#       list                -> [a, b], improper tail as [a | b]; never keywords or
#                              charlists
#       map                 -> %{k => v, ...}, entries sorted by the shown key
#       exception struct    -> inspect/1 (%RuntimeError{message: "boom"})
#       other struct        -> %Mod{field: value, ...}, fields sorted
#       anything else       -> inspect/1
#   * The logger is silenced so that crash reports stay out of stdout.
#   * Workers report to the main process with T.emit(main, e) (the message
#     {:ev, e}); main prints one with T.ev/1 ("ev :none" after the timeout) or all
#     of them until a quiet period with T.evs/1.
defmodule T do
  @labels :beampy_conf_trace_labels

  # -- lifecycle ---------------------------------------------------------------

  def start do
    :logger.set_primary_config(:level, :none)
    :ets.new(@labels, [:set, :public, :named_table])
    name(self(), :main)
    :ok
  end

  def done, do: IO.puts("done")

  # -- output ------------------------------------------------------------------

  @doc "Attaches `label` to a pid or reference for printing; returns the pid/ref."
  def name(pid_or_ref, label) when is_pid(pid_or_ref) or is_reference(pid_or_ref) do
    true = :ets.insert(@labels, {pid_or_ref, label})
    pid_or_ref
  end

  def p(label, term), do: IO.puts([to_string(label), " ", show(normalise(term))])

  def say(line), do: IO.puts(line)

  # -- mailbox helpers ---------------------------------------------------------

  @doc "Monitors `pid`, waits up to `timeout` ms for its DOWN and returns the reason (:no_down if none)."
  def wait_down(pid, timeout \\ 2000) do
    mref = Process.monitor(pid)

    receive do
      {:DOWN, ^mref, :process, _object, why} -> why
    after
      timeout -> :no_down
    end
  end

  @doc "Takes every message already queued, oldest first."
  def drain, do: take_all([])

  defp take_all(seen) do
    receive do
      msg -> take_all([msg | seen])
    after
      0 -> :lists.reverse(seen)
    end
  end

  @doc "Prints each queued message as `label <msg>`, then `label :empty`."
  def flush(label \\ "mailbox") do
    Enum.each(drain(), &p(label, &1))
    p(label, :empty)
  end

  @doc "Reports an event to the process `to` (the message {:ev, e})."
  def emit(to, e) do
    send(to, {:ev, e})
    :ok
  end

  @doc "Prints one event `ev <e>` (or `ev :none` when nothing comes within `timeout` ms)."
  def ev(timeout \\ 2000) do
    receive do
      {:ev, e} -> p("ev", e)
    after
      timeout -> p("ev", :none)
    end
  end

  @doc "Prints events until none arrived for `quiet` ms."
  def evs(quiet \\ 200) do
    receive do
      {:ev, e} ->
        p("ev", e)
        evs(quiet)
    after
      quiet -> :ok
    end
  end

  # -- normalisation -----------------------------------------------------------

  def normalise(x) when is_pid(x), do: label_of(x, :unknown_pid)
  def normalise(x) when is_reference(x), do: label_of(x, :unknown_ref)
  def normalise(x) when is_function(x), do: :fun
  def normalise(%Task{pid: nil}), do: {:task, nil}
  def normalise(%Task{pid: pid}), do: {:task, normalise(pid)}

  def normalise(x) when is_tuple(x) do
    x |> Tuple.to_list() |> Enum.map(&normalise/1) |> List.to_tuple()
  end

  def normalise(x) when is_list(x) do
    if stacktrace?(x), do: :stacktrace, else: normalise_list(x)
  end

  def normalise(%_{} = struct), do: struct
  def normalise(x) when is_map(x), do: Map.new(x, fn {k, v} -> {normalise(k), normalise(v)} end)
  def normalise(x), do: x

  defp label_of(x, fallback) do
    case :ets.lookup(@labels, x) do
      [{^x, label}] -> label
      [] -> fallback
    end
  end

  defp normalise_list([]), do: []
  defp normalise_list([h | t]) when is_list(t), do: [normalise(h) | normalise_list(t)]
  defp normalise_list([h | t]), do: [normalise(h) | normalise(t)]

  defp stacktrace?([{m, f, a, loc} | _])
       when is_atom(m) and is_atom(f) and (is_integer(a) or is_list(a)) and is_list(loc),
       do: true

  defp stacktrace?(_), do: false

  # -- rendering ---------------------------------------------------------------

  def show(x) when is_atom(x) or is_number(x), do: inspect(x)
  def show(x) when is_binary(x), do: inspect(x, printable_limit: :infinity)
  def show(x) when is_tuple(x), do: ["{", show_seq(Tuple.to_list(x)), "}"] |> IO.iodata_to_binary()
  def show(x) when is_list(x), do: ["[", show_items(x), "]"] |> IO.iodata_to_binary()
  def show(%{__exception__: true} = e), do: inspect(e, limit: :infinity)

  def show(%mod{} = struct) do
    fields =
      struct
      |> Map.from_struct()
      |> Enum.map(fn {k, v} -> "#{k}: #{show(v)}" end)
      |> Enum.sort()
      |> Enum.join(", ")

    "%" <> inspect(mod) <> "{" <> fields <> "}"
  end

  def show(x) when is_map(x) do
    entries =
      x
      |> Enum.map(fn {k, v} -> {show(k), show(v)} end)
      |> Enum.sort()
      |> Enum.map_join(", ", fn {k, v} -> k <> " => " <> v end)

    "%{" <> entries <> "}"
  end

  def show(x), do: inspect(x)

  defp show_seq(items), do: Enum.map_join(items, ", ", &show/1)

  # proper lists print as [a, b]; an improper tail prints as [a | tail]
  defp show_items([]), do: ""
  defp show_items([last]), do: show(last)
  defp show_items([h | t]) when is_list(t), do: show(h) <> ", " <> show_items(t)
  defp show_items([h | t]), do: show(h) <> " | " <> show(t)
end
