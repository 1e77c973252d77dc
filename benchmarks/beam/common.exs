# Shared helpers for the BEAM workloads: argv, clock, memory, one JSON line per measurement.
#
# Every workload script is run by benchmarks/run.py in a fresh BEAM:
#   elixir --erl "+S 1:1 +P 4000000" benchmarks/beam/<bench>.exs --impl beam_s1 --n N [...]
# and prints, like the Python scripts, one JSON object per line with at least
#   bench, impl, metric, n, ops, seconds, per_op_us, peak_rss_mb
# The hot code of every workload lives in compiled `defmodule` functions (top-level .exs code is
# only glue).
defmodule Bench.Common do
  @page_size 4096

  @doc "Options from argv: --impl NAME and integer --n, --procs, --queued."
  def args do
    {opts, _, _} =
      OptionParser.parse(System.argv(),
        strict: [impl: :string, n: :integer, procs: :integer, queued: :integer, samples: :integer]
      )

    Map.merge(%{impl: "beam", procs: 10_000, queued: 10_000}, Map.new(opts))
  end

  def now, do: :erlang.monotonic_time(:nanosecond)

  def seconds(t0, t1), do: (t1 - t0) / 1.0e9

  @doc "Current resident set size in bytes (/proc/self/statm; this OS process is beam.smp)."
  def rss_bytes do
    [_size, resident | _] = File.read!("/proc/self/statm") |> String.split()
    String.to_integer(resident) * @page_size
  end

  @doc "Peak resident set size in MiB (VmHWM)."
  def peak_rss_mb do
    [line] =
      File.read!("/proc/self/status")
      |> String.split("\n")
      |> Enum.filter(&String.starts_with?(&1, "VmHWM:"))

    [_, kb, "kB"] = String.split(line)
    String.to_integer(kb) / 1024
  end

  @doc "Print one measurement; `extra` is a keyword list of further keys."
  def emit(bench, impl, metric, n, seconds, extra \\ []) do
    ops = Keyword.get(extra, :ops, n)
    extra = Keyword.delete(extra, :ops)

    fields =
      [
        bench: bench,
        impl: impl,
        metric: metric,
        n: n,
        ops: ops,
        seconds: seconds,
        per_op_us: seconds / ops * 1.0e6,
        peak_rss_mb: peak_rss_mb()
      ] ++ extra

    IO.puts("{" <> Enum.map_join(fields, ", ", fn {k, v} -> json(Atom.to_string(k)) <> ": " <> json(v) end) <> "}")
  end

  defp json(v) when is_binary(v), do: "\"" <> String.replace(v, "\"", "\\\"") <> "\""
  defp json(v) when is_boolean(v), do: Atom.to_string(v)
  defp json(v) when is_integer(v), do: Integer.to_string(v)
  defp json(v) when is_float(v), do: :erlang.float_to_binary(v, [:short])
  defp json(v) when is_atom(v), do: json(Atom.to_string(v))

  @doc "Halt with a message on stderr and a non-zero status when a workload's check fails."
  def check(true, _message), do: :ok

  def check(false, message) do
    IO.puts(:stderr, "CHECK FAILED: " <> message)
    System.halt(3)
  end
end
