# io_fanout: N HTTP GETs to the local server (benchmarks/workloads/io_fanout_server.py, its own
# OS process, answering GET /item/<i> after 10 ms), Task.async_stream at max_concurrency --procs
# (timeout 30 s), each task a raw HTTP/1.1 client on :gen_tcp (a connection per request,
# Connection: close, read until the server closes), as beampy's io_fanout.py. wall: elapsed
# time per request; cpu: this OS process's user + system CPU time (/proc/self/stat) per request.
# Checked: every answer is 200 with the body "item <i>", in order.
Code.require_file("common.exs", __DIR__)

defmodule IoFanout do
  alias Bench.Common

  def python do
    System.get_env("BENCH_PYTHON") ||
      if(File.exists?(".venv/bin/python"), do: Path.expand(".venv/bin/python")) ||
      System.find_executable("python3")
  end

  def start_server do
    port =
      Port.open({:spawn_executable, python()}, [
        :binary,
        {:line, 256},
        args: ["-m", "benchmarks.workloads.io_fanout_server"]
      ])

    receive do
      {^port, {:data, {:eol, "PORT " <> n}}} -> {port, String.to_integer(n)}
    after
      30_000 -> Common.check(false, "the server did not start")
    end
  end

  @doc "User + system CPU seconds of this OS process (utime and stime in /proc/self/stat)."
  def cpu_seconds do
    stat = File.read!("/proc/self/stat")
    # the fields after the command name, which is in parentheses
    [_, rest] = String.split(stat, ") ", parts: 2)
    fields = String.split(rest, " ")
    utime = String.to_integer(Enum.at(fields, 11))
    stime = String.to_integer(Enum.at(fields, 12))
    (utime + stime) / 100
  end

  def fetch(i, port) do
    {:ok, sock} = :gen_tcp.connect({127, 0, 0, 1}, port, [:binary, active: false, packet: :raw])
    :ok = :gen_tcp.send(sock, "GET /item/#{i} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    raw = recv_all(sock, [])
    :gen_tcp.close(sock)
    [head, body] = :binary.split(raw, "\r\n\r\n")
    [_, status | _] = :binary.split(head, " ", [:global])
    {String.to_integer(status), body}
  end

  def recv_all(sock, acc) do
    case :gen_tcp.recv(sock, 0) do
      {:ok, data} -> recv_all(sock, [acc | data])
      {:error, :closed} -> IO.iodata_to_binary(acc)
    end
  end

  def run(%{impl: impl, n: n, procs: conc}) do
    {server, port} = start_server()
    c0 = cpu_seconds()
    t0 = Common.now()

    results =
      Task.async_stream(0..(n - 1), fn i -> fetch(i, port) end, max_concurrency: conc, timeout: 30_000)
      |> Enum.to_list()

    t1 = Common.now()
    c1 = cpu_seconds()
    Port.close(server)
    Common.emit("io_fanout", impl, "wall", n, Common.seconds(t0, t1), procs: conc, floor_us: 0.010 / conc * 1.0e6)
    Common.emit("io_fanout", impl, "cpu", n, c1 - c0, procs: conc)
    expected = Enum.map(0..(n - 1), &{:ok, {200, "item #{&1}"}})
    Common.check(results == expected, "wrong answers")
  end
end

IoFanout.run(Bench.Common.args())
