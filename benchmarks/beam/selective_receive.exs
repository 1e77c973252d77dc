# selective_receive: N request/replies to an echo process, each awaiting the reply tagged with a
# fresh reference (make_ref + receive {^ref, _}); first with the requester's mailbox otherwise
# empty, then with --queued unrelated messages queued in front of every reply.
Code.require_file("common.exs", __DIR__)

defmodule SelectiveReceive do
  alias Bench.Common

  def echo do
    receive do
      {ref, from} when is_reference(ref) ->
        send(from, {ref, :reply})
        echo()

      :stop ->
        :ok
    end
  end

  def requester(n, queued, echo, driver) do
    fill(queued)
    t0 = Common.now()
    requests(n, echo)
    t1 = Common.now()
    send(driver, {:took, Common.seconds(t0, t1)})
  end

  def fill(0), do: :ok

  def fill(i) do
    send(self(), {:junk, i})
    fill(i - 1)
  end

  def requests(0, _echo), do: :ok

  def requests(n, echo) do
    ref = make_ref()
    send(echo, {ref, self()})

    receive do
      {^ref, _} -> :ok
    end

    requests(n - 1, echo)
  end

  def measure(n, queued, echo) do
    spawn(__MODULE__, :requester, [n, queued, echo, self()])

    receive do
      {:took, s} -> s
    end
  end

  def run(%{impl: impl, n: n, queued: queued}) do
    echo = spawn(__MODULE__, :echo, [])
    empty = measure(n, 0, echo)
    full = measure(n, queued, echo)
    send(echo, :stop)
    Common.emit("selective_receive", impl, "empty", n, empty, queued: 0)
    Common.emit("selective_receive", impl, "queued", n, full, queued: queued)
  end
end

SelectiveReceive.run(Bench.Common.args())
