// The source of the demo's checkout service, as its repository holds it: the Go files the demo's
// errors (errors/demo-errors) point at, line for line, so blaming an error of the demo finds a
// real commit. Its history tells the demo's story: the coupon code of the first commit, the tax
// client's per-region rates, then in release 2026.11.4 the winter campaign's percent-off coupons
// (the line the coupon error is thrown on) and the payments client's retry budget (the deploy the
// change database knows as c41e9a2). Nothing here is built or run.

export const HANDLER_GO = `// Package checkout turns a priced cart into an order: price, tax, payment, confirmation.
package checkout

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/acme/checkout/internal/payments"
	"github.com/acme/checkout/internal/tax"
)

// Handler serves POST /checkout.
type Handler struct {
	carts    CartStore
	tax      *tax.Client
	payments *payments.Client
	orders   OrderStore
}

// NewHandler wires the handler to its stores and clients.
func NewHandler(carts CartStore, t *tax.Client, p *payments.Client, orders OrderStore) *Handler {
	return &Handler{carts: carts, tax: t, payments: p, orders: orders}
}

type checkoutRequest struct {
	CartID  string  \`json:"cartId"\`
	Address Address \`json:"address"\`
}

type checkoutResponse struct {
	OrderID string \`json:"orderId"\`
	Total   string \`json:"total"\`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func (h *Handler) load(ctx context.Context, r *http.Request) (*Cart, Address, error) {
	var req checkoutRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return nil, Address{}, err
	}
	cart, err := h.carts.Get(ctx, req.CartID)
	if err != nil {
		return nil, Address{}, err
	}
	return cart, req.Address, nil
}

func (h *Handler) confirm(ctx context.Context, cart *Cart, total Money) (string, error) {
	order, err := h.orders.Create(ctx, cart, total)
	if err != nil {
		return "", err
	}
	if err := h.payments.Charge(ctx, order.ID, total); err != nil {
		return "", err
	}
	return order.ID, nil
}

var errEmptyCart = errors.New("the cart is empty")

// Checkout prices the cart, adds the tax for the address, charges and confirms the order.
func (h *Handler) Checkout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// Each step below answers for itself: a client error is a 400.
	cart, addr, err := h.load(ctx, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if len(cart.Lines) == 0 {
		writeError(w, http.StatusBadRequest, errEmptyCart)
		return
	}
	// Price first: a cart that cannot be priced is never charged.
	// The price includes the cart's coupon, if any, and the campaign
	// prices of the day; it does not include the tax yet.
	total, err := h.price(ctx, cart)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	// The tax depends on where the order ships, not on who orders:
	// the tax service knows the rate of every region we ship to.
	tax, err := h.tax.For(ctx, addr)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	id, err := h.confirm(ctx, cart, total.Add(tax))
	if err != nil {
		writeError(w, http.StatusBadGateway, err)
		return
	}
	writeJSON(w, http.StatusOK, checkoutResponse{OrderID: id, Total: total.Add(tax).String()})
}
`;

export const PRICING_GO = `package checkout

import (
	"context"
	"errors"
)

// Money is an amount in cents of the cart's currency.
type Money int64

// Add returns m + o.
func (m Money) Add(o Money) Money { return m + o }

// Sub returns m - o, never below zero.
func (m Money) Sub(o Money) Money {
	if o > m {
		return 0
	}
	return m - o
}

var errNoPrice = errors.New("a line of the cart has no price")

func subtotalOf(cart *Cart) (Money, error) {
	var sum Money
	for _, l := range cart.Lines {
		if l.UnitPrice <= 0 {
			return 0, errNoPrice
		}
		sum += l.UnitPrice * Money(l.Quantity)
	}
	return sum, nil
}

// price is the cart's subtotal less its coupon's discount.
func (h *Handler) price(ctx context.Context, cart *Cart) (Money, error) {
	subtotal, err := subtotalOf(cart)
	if err != nil {
		return 0, err
	}
	discount, err := applyCoupon(cart.Coupon, subtotal)
	if err != nil {
		return 0, err
	}
	return subtotal.Sub(discount), nil
}
`;

export const COUPONS_GO = `package checkout

import "fmt"

// Coupon is a code a customer enters at checkout.
type Coupon struct {
	Code string
	// Amount is taken off the subtotal.
	Amount Money
}

// minimumOrder is the smallest subtotal a coupon applies to.
const minimumOrder Money = 2000

// applyCoupon returns the discount c gives on subtotal (none without a coupon).
func applyCoupon(c *Coupon, subtotal Money) (Money, error) {
	if c == nil {
		return 0, nil
	}
	if subtotal < minimumOrder {
		return 0, fmt.Errorf("coupon %s: the order is under %d", c.Code, minimumOrder)
	}
	if c.Amount > subtotal {
		return subtotal, nil
	}
	return c.Amount, nil
}
`;

/** The winter campaign: percent-off coupons, where the demo's coupon error comes from (line 27). */
export const COUPONS_PERCENT_GO = `package checkout

import "fmt"

// Coupon is a code a customer enters at checkout: an amount off, or a percentage (campaigns).
type Coupon struct {
	Code    string
	Amount  Money
	Percent *Money
}

const minimumOrder Money = 2000
const hundred Money = 100

// applyCoupon returns the discount c gives on subtotal (none without a coupon).
func applyCoupon(c *Coupon, subtotal Money) (Money, error) {
	if c == nil {
		return 0, nil
	}
	if subtotal < minimumOrder {
		return 0, fmt.Errorf("coupon %s: the order is under %d", c.Code, minimumOrder)
	}
	if c.Amount > 0 {
		return min(c.Amount, subtotal), nil
	}
	// Winter campaign: percent-off coupons.
	return subtotal.Mul(*c.Percent).Div(hundred), nil
}
`;

export const TAX_CLIENT_GO = `// Package tax asks the tax service for the rate of a shipping address.
package tax

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// ErrNoRate means the tax service knows no rate for the address's region.
var ErrNoRate = errors.New("no tax rate")

// Client calls the tax service.
type Client struct {
	base string
	http *http.Client
}

// New returns a client of the tax service at base.
func New(base string) *Client {
	return &Client{base: base, http: &http.Client{Timeout: 2 * time.Second}}
}

type Address struct {
	Country string
	Region  string
}

type rateAnswer struct {
	Region string  \`json:"region"\`
	Rate   float64 \`json:"rate"\`
	Known  bool    \`json:"known"\`
}

func (c *Client) rate(ctx context.Context, region string) (rateAnswer, error) {
	var a rateAnswer
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/rates/"+url.PathEscape(region), nil)
	if err != nil {
		return a, err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return a, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return a, fmt.Errorf("tax service answered %d", res.StatusCode)
	}
	return a, json.NewDecoder(res.Body).Decode(&a)
}

// For returns the tax on an order shipping to addr, per region.
func (c *Client) For(ctx context.Context, addr Address) (int64, error) {
	a, err := c.rate(ctx, addr.Country+"-"+addr.Region)
	if err != nil {
		return 0, err
	}
	if !a.Known {
		return 0, ErrNoRate
	}
	return int64(a.Rate * 100), nil
}
`;

export const PAYMENTS_CLIENT_GO = `// Package payments charges orders through the payments service.
package payments

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Client calls the payments service.
type Client struct {
	base string
	http *http.Client
}

// New returns a client of the payments service at base.
func New(base string) *Client {
	return &Client{base: base, http: &http.Client{Timeout: 3 * time.Second}}
}

// Charge asks the payments service to charge the order's total, in cents.
func (c *Client) Charge(ctx context.Context, orderID string, cents int64) error {
	body := fmt.Sprintf(\`{"order":%q,"amount":%d}\`, orderID, cents)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/charges", strings.NewReader(body))
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("payment provider answered %d", res.StatusCode)
	}
	return nil
}
`;

/** The retry budget of release 2026.11.4. */
export const PAYMENTS_RETRY_GO = `// Package payments charges orders through the payments service.
package payments

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Client calls the payments service.
type Client struct {
	base string
	http *http.Client
}

// New returns a client of the payments service at base.
func New(base string) *Client {
	return &Client{base: base, http: &http.Client{Timeout: 3 * time.Second}}
}

// retries is how many times a charge the provider answered 5xx is tried again.
const retries = 2

// Charge asks the payments service to charge the order's total, in cents, retrying
// the provider's 5xx answers (the order id makes a retried charge idempotent).
func (c *Client) Charge(ctx context.Context, orderID string, cents int64) error {
	var err error
	for attempt := 0; attempt <= retries; attempt++ {
		if err = c.charge(ctx, orderID, cents); err == nil || !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
	}
	return err
}

type statusError int

func (s statusError) Error() string { return fmt.Sprintf("payment provider answered %d", int(s)) }

func retryable(err error) bool {
	s, ok := err.(statusError)
	return ok && s >= 500
}

func (c *Client) charge(ctx context.Context, orderID string, cents int64) error {
	body := fmt.Sprintf(\`{"order":%q,"amount":%d}\`, orderID, cents)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/charges", strings.NewReader(body))
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return statusError(res.StatusCode)
	}
	return nil
}
`;
